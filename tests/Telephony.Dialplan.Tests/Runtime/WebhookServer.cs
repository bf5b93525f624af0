using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// A real HTTP server on a free loopback port (HttpListener) standing in for a webhook: answers
/// "METHOD /path" with the configured status and JSON (after an optional delay), and keeps every
/// request it got, body included, for the test to check.
/// </summary>
internal sealed class WebhookServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, string Body, TimeSpan Delay)> _routes = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public WebhookServer()
    {
        // HttpListener cannot bind port 0: borrow a free port from the OS first.
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<(string Method, string PathAndQuery, string Body, string? Authorization)> Requests { get; } = new();

    /// <summary>Each request's target exactly as it came on the request line (no decoding, no normalising).</summary>
    public ConcurrentQueue<string> RawTargets { get; } = new();

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (without the query) with this status and body.</summary>
    public WebhookServer On(string method, string path, int status, string json, TimeSpan delay = default)
    {
        _routes[$"{method} {path}"] = (status, json, delay);
        return this;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        RawTargets.Enqueue(request.RawUrl ?? string.Empty);
        Requests.Enqueue((request.HttpMethod, request.Url!.PathAndQuery, body, request.Headers["Authorization"]));
        var (status, json, delay) = _routes.TryGetValue($"{request.HttpMethod} {request.Url.AbsolutePath}", out var route) ? route : (404, "{}", TimeSpan.Zero);
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client gave up (a timeout test): nothing to answer.
        }
    }
}
