using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>Credentials for a trunk or peer that challenges our requests.</summary>
/// <param name="User">The user name to authenticate as.</param>
/// <param name="Password">Its password.</param>
/// <param name="Realm">
/// The realm the credentials belong to; a challenge for another realm is refused, so a party
/// that is not the configured trunk never gets an answer computed with our password.
/// </param>
public sealed record SipCredentials(string User, string Password, string? Realm = null);

/// <summary>What to call, from whom, through where.</summary>
public sealed record OutgoingCallOptions
{
    /// <summary>The Request-URI, e.g. the registered contact or sip:+15551234567@trunk.</summary>
    public required string RequestUri { get; init; }

    /// <summary>Our identity (From URI).</summary>
    public required string From { get; init; }

    /// <summary>The called identity (To URI).</summary>
    public required string To { get; init; }

    /// <summary>The next hop to send the INVITE to (trunk, outbound proxy or the registered contact's source).</summary>
    public required IPEndPoint Destination { get; init; }

    /// <summary>UDP (default), TCP or TLS to <see cref="Destination"/>; a connection is opened or reused.</summary>
    public SipTransportKind Transport { get; init; } = SipTransportKind.Udp;

    /// <summary>
    /// For TLS: the host name the peer's certificate must be valid for (RFC 5922); null takes the
    /// Request-URI's host.
    /// </summary>
    public string? TlsServerName { get; init; }

    /// <summary>
    /// An outbound proxy URI (e.g. sip:proxy.example.com;lr): the INVITE carries it as a pre-loaded
    /// Route (RFC 3261 §8.1.2) and <see cref="Destination"/> is the proxy's address.
    /// </summary>
    public string? OutboundProxy { get; init; }

    /// <summary>How many 3xx redirections to follow (RFC 3261 §8.1.3.4); 0 reports the 3xx as the outcome.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>
    /// The Call-ID to use; null for a new one. A caller that must record the call before the
    /// INVITE leaves (a CDR row, an attempt) chooses it first; retries through other hops reuse it.
    /// </summary>
    public string? CallId { get; init; }

    /// <summary>Our SDP offer.</summary>
    public required ReadOnlyMemory<byte> Sdp { get; init; }

    public string? FromDisplayName { get; init; }

    public SipCredentials? Credentials { get; init; }

    /// <summary>Called with each provisional response (180 ringing, 183 with early media).</summary>
    public Action<SipResponse>? OnProvisional { get; init; }

    public IReadOnlyList<SipHeader> ExtraHeaders { get; init; } = [];
}

/// <summary>How an outgoing INVITE ended: a dialog, or the final failure (Status 408 when nothing answered).</summary>
public sealed record OutgoingCallResult(SipDialog? Dialog, int Status, string Reason, SipResponse? Response)
{
    public bool Answered => Dialog is not null;
}
