using System.Net;
using System.Text;
using System.Text.Json;

namespace Telephony.Api.Tests;

/// <summary>Small helpers for reading the API's answers in tests.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"{(int)response.StatusCode}: not JSON: {text}");
            throw;
        }
    }

    /// <summary>Asserts an RFC 9457 problem with this status (and field, when given) and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await BodyAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body.ToString());
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That(body.GetProperty("status").GetInt32(), Is.EqualTo((int)status));
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("about:blank"));
            Assert.That(body.GetProperty("title").GetString(), Is.Not.Empty);
            if (field is not null)
            {
                Assert.That(body.GetProperty("field").GetString(), Is.EqualTo(field), body.ToString());
            }
        });
        return body;
    }
}
