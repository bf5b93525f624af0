using Microsoft.AspNetCore.Builder;

namespace Telephony.Api;

/// <summary>A running HTTP API: where it listens, its readiness, and how to stop it.</summary>
/// <remarks>Thread-safe. Dispose stops accepting requests, ends open event streams and the metrics watcher.</remarks>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IAsyncDisposable _follower;
    private volatile bool _ready;
    private int _disposed;

    internal ApiHost(WebApplication app, IAsyncDisposable follower, Uri baseAddress)
    {
        _app = app;
        _follower = follower;
        BaseAddress = baseAddress;
    }

    /// <summary>The address it listens on, with the real port when the options asked for port 0 (<c>http://127.0.0.1:8080/</c>).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Whether <c>/readyz</c> answers 200 (503 until the server calls <see cref="SetReady"/>).</summary>
    public bool IsReady => _ready;

    /// <summary>Tells load balancers (through <c>/readyz</c>) whether the server takes calls: true once SIP listens, false again while draining.</summary>
    public void SetReady(bool ready) => _ready = ready;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _ready = false;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }

        await _follower.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
