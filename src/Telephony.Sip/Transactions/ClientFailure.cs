using System.Globalization;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>How a client transaction ended without a final response: Timer B/F fired, or the transport failed (RFC 3261 §17.1.4).</summary>
public enum ClientFailureKind
{
    Timeout,
    Transport,
}

/// <summary>
/// Why a client transaction got no final response, in words for logs ("no response in 32 s
/// (timeout)", "cannot send: NetworkUnreachable (transport error)"), so callers can say what
/// failed instead of a bare status 0.
/// </summary>
public sealed record ClientFailure(ClientFailureKind Kind, string Description)
{
    public override string ToString() => Description;

    /// <summary>Nothing answered within <paramref name="after"/> (64·T1); a closed TCP/TLS connection is named as such.</summary>
    internal static ClientFailure NoResponse(TimeSpan after, ISipSender sender) =>
        sender is TcpConnection { IsClosed: true }
            ? Closed()
            : new(ClientFailureKind.Timeout, $"no response in {Seconds(after)} s (timeout)");

    internal static ClientFailure SendFailed(string? error) =>
        new(ClientFailureKind.Transport, $"cannot send: {error ?? "send failed"} (transport error)");

    /// <summary>A TCP or TLS connection that could not be opened (refused, connect timeout, TLS handshake); <paramref name="to"/> names where, when the reader cannot know.</summary>
    public static ClientFailure ConnectFailed(string? error, SipHop? to = null) =>
        new(ClientFailureKind.Transport, $"cannot connect{(to is null ? string.Empty : " to " + to)}: {error ?? "unknown error"} (transport error)");

    private static ClientFailure Closed() => new(ClientFailureKind.Transport, "the connection closed before a response (transport error)");

    /// <summary>Whole seconds when whole (32), else one decimal (3.2): short test timers stay readable.</summary>
    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
}
