using System.Net;
using System.Text;

namespace Telephony.Api.Tests;

/// <summary>Whatever a client sends, it gets a 4xx and the server keeps answering: seeded random bodies, queries and headers.</summary>
public class GarbageInputTests
{
    private static readonly HttpStatusCode[] ClientErrors =
    [
        HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType,
    ];

    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"to\"", "\"variables\"", "\"timeout\"", "\"mode\"", "\"target\"", ":", ",", "null", "true", "1e999", "-1", "\"sip:a@b\"",
        "\"\\u0000\"", "\"\\ud800\"", "{\"a\":", "0.5", "\"\"", " ", "\n", "\u00e9", "\"+1555\"", "601",
    ];

    [Test]
    public async Task Random_bodies_queries_and_event_ids_never_get_a_5xx()
    {
        await using var server = await ApiServer.StartAsync(o => o with { RequestsPerTokenPerMinute = 100_000, RequestsPerAddressPerMinute = 100_000 });
        server.Calls.AddInbound("live@test");
        using var admin = server.Create(ApiServer.AdminToken);
        var random = new Random(20261202);
        var failures = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            var bytes = random.Next(4) == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(text);
            var (method, path) = (i % 5) switch
            {
                0 => ("POST", "/calls"),
                1 => ("POST", "/calls/live@test/transfer"),
                2 => ("POST", "/dialplans/validate"),
                3 => ("GET", "/cdrs?" + Uri.EscapeDataString(text).Replace("%3D", "=").Replace("%26", "&")),
                _ => ("GET", "/events?last_event_id=" + Uri.EscapeDataString(text)),
            };

            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = new ByteArrayContent(bytes);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", i % 10 == 2 ? "application/yaml" : "application/json");
            }

            using var response = await admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var ok = response.IsSuccessStatusCode || ClientErrors.Contains(response.StatusCode);
            if (!ok)
            {
                failures.Add($"{method} {path} [{text}] → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.That(failures, Is.Empty);
        using var health = await admin.GetAsync("/calls/live@test");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the server and the call are still there");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return bytes;
    }
}
