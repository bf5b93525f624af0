using System.Net;
using Telephony.Calls.Control;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Signalling;

/// <summary>
/// The SIP side of one call leg, whichever way it was set up: an inbound leg is an
/// <see cref="IncomingCall"/> until we answer, an outbound leg is our INVITE until the far end
/// answers; both are a <see cref="SipDialog"/> afterwards. <see cref="Call"/> talks only to this.
/// </summary>
internal interface ICallSignalling : IDisposable
{
    string CallId { get; }

    /// <summary>The calling party's URI (From).</summary>
    string From { get; }

    /// <summary>The called party's URI (To).</summary>
    string To { get; }

    CallDirection Direction { get; }

    /// <summary>Where the far end's signalling comes from (strict RTP also takes media from there).</summary>
    IPAddress RemoteAddress { get; }

    /// <summary>Signalled when the far end gives up before the answer (an inbound CANCEL); never for outbound legs.</summary>
    CancellationToken Cancelled { get; }

    /// <summary>A header of the INVITE (inbound) or of the 2xx that answered it (outbound); null when absent.</summary>
    string? Header(string name);

    /// <summary>Tells the far end it is ringing (inbound: 180); false when nothing was sent.</summary>
    bool Ringing();

    /// <summary>Inbound: sends 200 OK with <paramref name="sdp"/>. Outbound: the dialog our INVITE's 2xx made. Null when there is none (cancelled, not answered).</summary>
    SipDialog? Accept(ReadOnlyMemory<byte> sdp);

    /// <summary>Completes when the far end confirmed the answer (inbound: the ACK) or the dialog ended.</summary>
    Task ConfirmedAsync(SipDialog dialog);

    /// <summary>Ends an unanswered leg: a final response (inbound) or CANCEL of our INVITE (outbound). False when it was too late.</summary>
    bool Reject(int status, string reason);
}
