using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Telephony.Server.Cli;
using Telephony.Server.Config;

namespace Telephony.Server.Commands.Api;

/// <summary>
/// The CLI's side of the HTTP API (/work/notes/api-contract.md): one request, its JSON answer,
/// and the failures every client command reports alike (unreachable, 401, 403: exit 3).
/// </summary>
internal sealed class ApiClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:8080";
    private readonly HttpClient _http;
    private readonly Uri _server;

    private ApiClient(Uri server, string? token)
    {
        _server = server;
        _http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>A client for the server named by --server / TELEPHONY_SERVER / the config file's server.</summary>
    public static ApiClient From(Settings settings)
    {
        var text = settings.Get(ClientSettings.Server.Name, DefaultServer);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw settings.Error(ClientSettings.Server.Name, $"must be an http:// or https:// URL (got '{text}')");
        }

        return new ApiClient(server, settings.Get(ClientSettings.Token.Name));
    }

    /// <summary>Sends one request; returns the status and the parsed JSON body (default when there is none).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            throw new ApiException(3, $"cannot reach the server at {_server}: {e.Message} (is 'telephony serve' running with --http? set --server or TELEPHONY_SERVER)", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancel);
            var json = default(JsonElement);
            if (text.Length > 0)
            {
                try
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }
                catch (JsonException)
                {
                    throw new ApiException(3, $"{_server} answered {(int)response.StatusCode} with something that is not JSON: is it a Telephony server?");
                }
            }

            return response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => throw new ApiException(3, $"the server refused the request (401 Unauthorized{Detail(json)}): give a token with --token or TELEPHONY_TOKEN"),
                HttpStatusCode.Forbidden => throw new ApiException(3, $"the token may not do this (403 Forbidden{Detail(json)}): it needs a role that allows {method} {path}"),
                _ => (response.StatusCode, json),
            };
        }
    }

    /// <summary>", detail (field)" of a problem-details body, or empty.</summary>
    public static string Detail(JsonElement problem)
    {
        if (problem.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var detail = Text(problem, "detail") ?? Text(problem, "title");
        var field = Text(problem, "field");
        return detail is null ? string.Empty : ": " + detail + (field is null ? string.Empty : $" ({field})");
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Number(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    /// <summary>A 4xx other than 401/403 from the server: the request itself was wrong (exit 2).</summary>
    public static UsageException Refused(HttpStatusCode status, JsonElement problem, string what) =>
        new($"the server refused {what} ({(int)status}{Detail(problem)})");

    public void Dispose() => _http.Dispose();
}
