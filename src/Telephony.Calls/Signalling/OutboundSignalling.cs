using System.Net;
using Telephony.Calls.Control;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;

namespace Telephony.Calls.Signalling;

/// <summary>
/// An outbound leg: our INVITE (placed by <see cref="Outbound.OutboundDialer"/>) until a 2xx
/// makes the dialog. Cancelling <see cref="Invite"/> sends CANCEL while it rings.
/// </summary>
internal sealed class OutboundSignalling(string callId, string from, string to) : ICallSignalling
{
    private volatile SipDialog? _dialog;
    private volatile SipResponse? _answer;

    /// <summary>Cancelled to withdraw the INVITE (hang-up before the answer, ring timeout).</summary>
    public CancellationTokenSource Invite { get; } = new();

    /// <summary>Where the INVITE went last (for the registry and logs).</summary>
    public IPAddress RemoteAddress { get; set; } = IPAddress.None;

    public string CallId => callId;

    /// <summary>Our identity; set per route tried (a number's From takes the trunk's host).</summary>
    public string From { get; set; } = from;

    /// <summary>The called URI; set per route tried (each trunk has its own).</summary>
    public string To { get; set; } = to;

    public CallDirection Direction => CallDirection.Outbound;

    public CancellationToken Cancelled => CancellationToken.None;

    /// <summary>The far end answered: the dialog and the 2xx.</summary>
    public void Answered(SipDialog dialog, SipResponse? answer)
    {
        _answer = answer;
        _dialog = dialog;
        RemoteAddress = dialog.Source.Remote.Address;
    }

    public string? Header(string name) => _answer?.Headers.Get(name);

    public bool Ringing() => false;

    public SipDialog? Accept(ReadOnlyMemory<byte> sdp) => _dialog;

    public Task ConfirmedAsync(SipDialog dialog) => Task.CompletedTask;

    public bool Reject(int status, string reason)
    {
        if (_dialog is not null || Invite.IsCancellationRequested)
        {
            return false;
        }

        Invite.Cancel();
        return true;
    }

    public void Dispose() => Invite.Dispose();
}
