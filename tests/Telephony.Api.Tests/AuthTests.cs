using System.Net;
using System.Text;

namespace Telephony.Api.Tests;

/// <summary>401 without a known token, 403 when the role is too low, through for the role and above, on every endpoint.</summary>
public class AuthTests
{
    private ApiServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await ApiServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    // method, path, least role (0 open, 1 agent, 2 supervisor, 3 admin)
    private static readonly object[] Endpoints =
    [
        new object[] { "GET", "/calls", 1 },
        new object[] { "GET", "/calls/none@x", 1 },
        new object[] { "GET", "/events?last_event_id=x", 1 },
        new object[] { "DELETE", "/calls/none@x", 2 },
        new object[] { "POST", "/calls/none@x/transfer", 2 },
        new object[] { "GET", "/cdrs", 2 },
        new object[] { "GET", "/dialplans", 2 },
        new object[] { "POST", "/calls", 3 },
        new object[] { "POST", "/dialplans/validate", 3 },
        new object[] { "GET", "/healthz", 0 },
        new object[] { "GET", "/readyz", 0 },
        new object[] { "GET", "/metrics", 0 },
        new object[] { "GET", "/openapi.json", 0 },
    ];

    [TestCaseSource(nameof(Endpoints))]
    public async Task Each_role_gets_what_the_contract_gives_it(string method, string path, int least)
    {
        var tokens = new (string? Token, int Level)[]
        {
            (null, 0), ("not-a-token", 0), (ApiServer.AgentToken, 1), (ApiServer.SupervisorToken, 2), (ApiServer.AdminToken, 3),
        };
        foreach (var (token, level) in tokens)
        {
            using var client = _server.Create(token);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                // An empty object: endpoints that get through answer 400 for it, never 401/403.
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var who = token is null ? "no token" : level == 0 ? "an unknown token" : $"a level-{level} token";
            if (least == 0 || level >= least)
            {
                Assert.That(response.StatusCode, Is.Not.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), $"{method} {path} with {who}");
            }
            else if (level == 0)
            {
                await Http.ProblemAsync(response, HttpStatusCode.Unauthorized);
                Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"), $"{method} {path} with {who}");
            }
            else
            {
                await Http.ProblemAsync(response, HttpStatusCode.Forbidden);
            }
        }
    }

    [Test]
    public async Task A_malformed_authorization_header_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calls");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic " + ApiServer.AdminToken);
        using var response = await _server.Client.SendAsync(request);
        await Http.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
