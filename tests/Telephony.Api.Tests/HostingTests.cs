using System.Net;
using System.Net.Sockets;

namespace Telephony.Api.Tests;

/// <summary>Health and readiness, the OpenAPI document, failures inside the server, and the listen address.</summary>
public class HostingTests
{
    private ApiServer _server = null!;

    [OneTimeSetUp]
    public async Task Start() => _server = await ApiServer.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Healthz_answers_at_once_and_readyz_is_503_until_the_server_is_ready()
    {
        using (var health = await _server.Client.GetAsync("/healthz"))
        {
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (var starting = await _server.Client.GetAsync("/readyz"))
        {
            Assert.That(starting.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That((await Http.BodyAsync(starting)).GetProperty("status").GetString(), Is.EqualTo("starting"));
        }

        _server.Host.SetReady(true);
        try
        {
            using var ready = await _server.Client.GetAsync("/readyz");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            _server.Host.SetReady(false);
        }
    }

    [Test]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        using var response = await _server.Client.GetAsync("/openapi.json");
        var doc = await Http.BodyAsync(response);
        var paths = doc.GetProperty("paths");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(doc.GetProperty("openapi").GetString(), Does.StartWith("3."));
            Assert.That(doc.GetProperty("info").GetProperty("title").GetString(), Is.EqualTo("Telephony API"));
            Assert.That(paths.EnumerateObject().Select(p => p.Name), Is.SupersetOf(new[]
            {
                "/calls", "/calls/{id}", "/calls/{id}/transfer", "/cdrs", "/dialplans", "/dialplans/validate", "/events", "/healthz", "/readyz",
            }));
            var originate = paths.GetProperty("/calls").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
            Assert.That(originate.ToString(), Does.Contain("OriginateBody").Or.Contain("\"to\""), "the body's schema is documented");
            Assert.That(doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
            Assert.That(paths.GetProperty("/calls").GetProperty("get").GetProperty("security").GetArrayLength(), Is.EqualTo(1));
            Assert.That(paths.GetProperty("/calls").GetProperty("post").GetProperty("description").GetString(), Does.StartWith("Needs the admin role"));
            Assert.That(paths.GetProperty("/healthz").GetProperty("get").TryGetProperty("security", out _), Is.False, "health checks are open");
            Assert.That(paths.GetProperty("/cdrs").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()),
                Is.EquivalentTo(new[] { "from", "to", "number", "cause", "flow", "direction", "limit", "cursor" }));
        });
    }

    [Test]
    public async Task A_failure_inside_the_server_is_a_500_problem_and_the_next_request_works()
    {
        using var agent = _server.Create(ApiServer.AgentToken);
        _server.Calls.ListFailure = new InvalidOperationException("registry broke");
        try
        {
            using var failed = await agent.GetAsync("/calls");
            var problem = await Http.ProblemAsync(failed, HttpStatusCode.InternalServerError);
            Assert.That(problem.ToString(), Does.Not.Contain("registry broke"), "internals stay in the log");
        }
        finally
        {
            _server.Calls.ListFailure = null;
        }

        using var next = await agent.GetAsync("/calls");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_paths_are_404()
    {
        using var response = await _server.Client.GetAsync("/nothing-here");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.1:http")]
    [TestCase("::1:8080")]
    [TestCase("localhost:99999")]
    public void A_bad_listen_address_is_a_clear_error(string listen)
    {
        var services = new ApiServices(_server.Calls, _server.Calls, _server.Events, new Storage.Cdr.SqliteCdrSearch(_server.Database), new Dialplans.DialplanFolderCatalog(_server.DialplanFolder, null));
        Assert.That(async () => await TelephonyApi.StartAsync(new ApiOptions(listen, []), services), Throws.ArgumentException.With.Message.Contains("ADDR:PORT").Or.Message.Contains("brackets"));
    }

    [Test]
    public async Task A_taken_port_is_an_io_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var services = new ApiServices(_server.Calls, _server.Calls, _server.Events, new Storage.Cdr.SqliteCdrSearch(_server.Database), new Dialplans.DialplanFolderCatalog(_server.DialplanFolder, null));
        Assert.That(async () => await TelephonyApi.StartAsync(new ApiOptions("127.0.0.1:" + port, []), services), Throws.InstanceOf<IOException>());
    }
}
