using System.Net;
using Telephony.Calls.Control;
using Telephony.Sip.Dialogs;

namespace Telephony.Calls.Signalling;

/// <summary>An inbound leg: the caller's INVITE (<see cref="IncomingCall"/>) until we answer, then its dialog.</summary>
internal sealed class InboundSignalling(IncomingCall incoming) : ICallSignalling
{
    public string CallId => incoming.CallId;

    public string From => incoming.From.Uri;

    public string To => incoming.To.Uri;

    public CallDirection Direction => CallDirection.Inbound;

    public IPAddress RemoteAddress => incoming.Source.Remote.Address;

    public CancellationToken Cancelled => incoming.Cancelled;

    public string? Header(string name) => incoming.Invite.Headers.Get(name);

    public bool Ringing() => incoming.SendProvisional(180);

    public SipDialog? Accept(ReadOnlyMemory<byte> sdp) => incoming.Accept(sdp);

    public Task ConfirmedAsync(SipDialog dialog) => Task.WhenAny(dialog.Acked, dialog.Ending);

    public bool Reject(int status, string reason) => incoming.Reject(status, reason);

    public void Dispose()
    {
    }
}
