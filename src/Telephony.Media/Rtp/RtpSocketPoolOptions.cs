using System.Net;

namespace Telephony.Media.Rtp;

/// <summary>How <see cref="RtpSocketPool"/> keeps sockets between calls.</summary>
public sealed record RtpSocketPoolOptions
{
    /// <summary>
    /// How long a returned socket rests before another call may take it: a caller's packets still
    /// in flight when it hung up must not reach the next call on the same port.
    /// </summary>
    public TimeSpan Quarantine { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many idle sockets are kept (each holds a port and a file descriptor).</summary>
    public int MaxIdle { get; init; } = 4096;

    /// <summary>Idle sockets older than this are closed when the pool is next used (after a burst).</summary>
    public TimeSpan IdleLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The local address RTP sockets bind (the SIP bind address, or --rtp-bind): a server told to
    /// listen on 127.0.0.1 must not take media on every interface. Null or a wildcard binds every
    /// interface; a call of the other address family (an IPv6 call with an IPv4 address here) gets
    /// that family's wildcard, since media sent to its advertised address could not reach this one.
    /// </summary>
    public IPAddress? BindAddress { get; init; }
}
