using System.Net;
using Telephony.Sip.Messages;

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
