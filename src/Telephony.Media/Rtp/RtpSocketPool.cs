using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// Keeps RTP sockets bound between calls: a call rents one, and returns it when it ends; the
/// socket rests for <see cref="RtpSocketPoolOptions.Quarantine"/> before another call gets it, so
/// late packets of the old call are drained and dropped rather than heard by the next caller.
/// </summary>
/// <remarks>
/// Ports come from the <see cref="RtpPortPool"/> and stay taken while their socket lives; sockets
/// bind <see cref="RtpSocketPoolOptions.BindAddress"/>, and a port another process holds is skipped
/// (the port pool remembers it) while the rest of the range is searched. Idle
/// sockets beyond <see cref="RtpSocketPoolOptions.MaxIdle"/>, or idle longer than
/// <see cref="RtpSocketPoolOptions.IdleLifetime"/>, are closed and their ports returned. Thread-safe.
/// </remarks>
public sealed class RtpSocketPool : IAsyncDisposable
{
    private readonly RtpPortPool _ports;
    private readonly RtpSocketPoolOptions _options;
    private readonly TimeProvider _time;
    private readonly Queue<(RtpSocket Socket, long IdleSince)> _idleV4 = new();
    private readonly Queue<(RtpSocket Socket, long IdleSince)> _idleV6 = new();
    private readonly Lock _lock = new();
    private int _open;
    private bool _disposed;

    public RtpSocketPool(RtpPortPool ports, RtpSocketPoolOptions? options = null, TimeProvider? time = null)
    {
        _ports = ports;
        _options = options ?? new RtpSocketPoolOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Sockets open (in calls and idle).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Sockets resting or ready for the next call.</summary>
    public int Idle
    {
        get
        {
            lock (_lock)
            {
                return _idleV4.Count + _idleV6.Count;
            }
        }
    }

    /// <summary>A socket for a call on <paramref name="family"/>; null when the port range is exhausted.</summary>
    /// <param name="log">Told about ports another process holds (skipped).</param>
    public RtpSocket? Rent(AddressFamily family, Action<string>? log = null)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            var idle = IdleQueue(family);
            if (idle.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.IdleSince, now) >= _options.Quarantine)
            {
                return idle.Dequeue().Socket;
            }
        }

        // Every port of the range may be tried once: ports other processes hold are remembered by
        // the port pool and skipped until their retry is due, so this rarely binds more than once.
        var local = LocalAddress(family);
        for (var attempt = 0; attempt < _ports.Size; attempt++)
        {
            if (!_ports.TryRent(out var port))
            {
                break;
            }

            try
            {
                var socket = new RtpSocket(new IPEndPoint(local, port));
                Interlocked.Increment(ref _open);
                return socket;
            }
            catch (SocketException)
            {
                if (_ports.MarkHeldElsewhere(port))
                {
                    log?.Invoke($"RTP port {port} is in use by another process; skipping it (tried again after {_ports.HeldElsewhereRetry.TotalSeconds:0} s)");
                }
            }
        }

        return TakeResting(family);
    }

    /// <summary>The configured bind address when it fits <paramref name="family"/>, else that family's wildcard.</summary>
    private IPAddress LocalAddress(AddressFamily family)
    {
        var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        return _options.BindAddress is { } bind && bind.AddressFamily == family ? bind : any;
    }

    /// <summary>With every port taken, a socket still resting is better than refusing the call.</summary>
    private RtpSocket? TakeResting(AddressFamily family)
    {
        lock (_lock)
        {
            return IdleQueue(family).TryDequeue(out var oldest) ? oldest.Socket : null;
        }
    }

    /// <summary>Takes back a socket whose call has ended (and detached from it).</summary>
    public void Return(RtpSocket socket)
    {
        var now = _time.GetTimestamp();
        List<RtpSocket>? close = null;
        lock (_lock)
        {
            if (!_disposed)
            {
                var idle = IdleQueue(socket.AddressFamily);
                idle.Enqueue((socket, now));
                while (idle.Count > _options.MaxIdle
                       || (idle.Count > 0 && _time.GetElapsedTime(idle.Peek().IdleSince, now) > _options.IdleLifetime))
                {
                    (close ??= []).Add(idle.Dequeue().Socket);
                }
            }
            else
            {
                close = [socket];
            }
        }

        foreach (var extra in close ?? [])
        {
            _ = CloseAsync(extra);
        }
    }

    private Queue<(RtpSocket Socket, long IdleSince)> IdleQueue(AddressFamily family) =>
        family == AddressFamily.InterNetworkV6 ? _idleV6 : _idleV4;

    private async Task CloseAsync(RtpSocket socket)
    {
        await socket.DisposeAsync();
        _ports.Return(socket.Port);
        Interlocked.Decrement(ref _open);
    }

    public async ValueTask DisposeAsync()
    {
        List<RtpSocket> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _idleV4.Select(i => i.Socket), .. _idleV6.Select(i => i.Socket)];
            _idleV4.Clear();
            _idleV6.Clear();
        }

        await Task.WhenAll(all.Select(CloseAsync));
    }
}
