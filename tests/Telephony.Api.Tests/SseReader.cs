using System.Text.Json;

namespace Telephony.Api.Tests;

/// <summary>A minimal Server-Sent Events client over a real HTTP response stream, for tests.</summary>
internal sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _reader = new StreamReader(stream);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next block (lines up to a blank line): fields by name, comments under ":"; null at the end of the stream.</summary>
    public async Task<Dictionary<string, string>?> ReadBlockAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var block = new Dictionary<string, string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (block.Count > 0)
                {
                    return block;
                }

                continue;
            }

            var colon = line.IndexOf(':');
            var name = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            block[name.Length == 0 ? ":" : name] = value;
        }
    }

    /// <summary>The next event (skipping comments and the retry hint): its id, type and parsed data.</summary>
    public async Task<(long Id, string Type, JsonElement Data)?> ReadEventAsync(TimeSpan timeout)
    {
        while (await ReadBlockAsync(timeout) is { } block)
        {
            if (block.TryGetValue("data", out var data))
            {
                return (long.Parse(block["id"]), block["event"], JsonDocument.Parse(data).RootElement.Clone());
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
