using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>An INVITE we have not answered yet: ring it, answer it, or reject it (RFC 3261 §13.3).</summary>
/// <remarks>
/// Exactly one final response is ever sent: answering, rejecting and a CANCEL from the caller
/// race under one lock, and whichever comes first wins. Thread-safe.
/// </remarks>
#pragma warning disable CA1001 // The CTS has no timer; nothing to release, and the call has no natural end to dispose at.
public sealed class IncomingCall
#pragma warning restore CA1001
{
    private readonly SipStack _stack;
    private readonly InviteServerTransaction _transaction;
    private readonly CancellationTokenSource _cancelled = new();
    private readonly Lock _sync = new();
    private readonly string _contact;
    private bool _final;

    internal IncomingCall(SipStack stack, InviteServerTransaction transaction)
    {
        _stack = stack;
        _transaction = transaction;
        LocalTag = SipIds.NewTag();
        var local = stack.LocalEndPointFor(transaction.Source);
        var transport = transaction.Source.Sender.Kind switch
        {
            SipTransportKind.Tcp => ";transport=tcp",
            SipTransportKind.Tls => ";transport=tls",
            _ => string.Empty,
        };
        _contact = $"<sip:{stack.Options.ContactUser}@{SipDialog.FormatHost(local.Address)}:{local.Port}{transport}>";
        LocalAddress = local.Address;
    }

    public SipRequest Invite => _transaction.Request;

    public SipSource Source => _transaction.Source;

    public string CallId => Invite.CallId!;

    public NameAddress From => Invite.From!;

    public NameAddress To => Invite.To!;

    public string LocalTag { get; }

    /// <summary>The local address the caller reached us on: the address to offer in SDP.</summary>
    public System.Net.IPAddress LocalAddress { get; }

    /// <summary>Signalled when the caller cancels before a final response (we already answered 487).</summary>
    public CancellationToken Cancelled => _cancelled.Token;

    /// <summary>Sends a provisional response (180 Ringing, 183 with early media SDP).</summary>
    public bool SendProvisional(int status = 180, ReadOnlyMemory<byte> sdp = default)
    {
        lock (_sync)
        {
            if (_final)
            {
                return false;
            }
        }

        return _transaction.SendResponse(Build(status, sdp));
    }

    /// <summary>Answers with 200 OK and our SDP; returns the dialog, or null if the caller already cancelled.</summary>
    public SipDialog? Accept(ReadOnlyMemory<byte> sdp)
    {
        SipDialog dialog;
        lock (_sync)
        {
            if (_final)
            {
                return null;
            }

            _final = true;
            dialog = SipDialog.ForUas(_stack, Invite, Source, LocalTag, _contact);
            _stack.Dialogs.Add(dialog);
        }

        // Retransmissions are scheduled before the first send so an instant ACK always finds them.
        var response = Build(200, sdp);
        if (SessionTimerPolicy.Negotiate(Invite) is { } timer && (timer.Refresher == SessionRefresher.Uac || PeerAllowsUpdate))
        {
            response.Headers.Add(HeaderNames.SessionExpires, timer.HeaderValue);
            if (timer.RequireTimer)
            {
                response.Headers.Add(HeaderNames.Require, "timer");
            }

            dialog.StartSessionTimer(timer);
        }

        _stack.RetransmitUntilAcked(dialog, SipSerializer.Serialize(response), _transaction.ResponseTarget);
        _transaction.SendResponse(response);
        return dialog;
    }

    /// <summary>Rejects the call with a final non-2xx response (e.g. 486, 488, 603).</summary>
    public bool Reject(int status, string? reason = null, params SipHeader[] extraHeaders)
    {
        lock (_sync)
        {
            if (_final)
            {
                return false;
            }

            _final = true;
        }

        var response = Build(status, default, reason);
        foreach (var h in extraHeaders)
        {
            response.Headers.Add(h.Name, h.Value);
        }

        return _transaction.SendResponse(response);
    }

    /// <summary>We refresh sessions with UPDATE, so we only take the refresher role when the caller accepts UPDATE.</summary>
    private bool PeerAllowsUpdate => Invite.Headers.GetValues(HeaderNames.Allow).Any(m => m.Equals("UPDATE", StringComparison.Ordinal));

    /// <summary>A CANCEL matched this INVITE (the 200 for the CANCEL is already sent).</summary>
    internal void OnCancel()
    {
        lock (_sync)
        {
            if (_final)
            {
                return;
            }

            _final = true;
        }

        // The call layer learns of the cancel before the caller sees the 487, so nothing that
        // reacts to the 487 (a retry, a test) can find the call still ringing.
        _cancelled.Cancel();

        // §9.2: the INVITE is answered 487 Request Terminated.
        _transaction.SendResponse(Build(487, default));
    }

    private SipResponse Build(int status, ReadOnlyMemory<byte> sdp, string? reason = null)
    {
        var response = SipResponse.Create(Invite, status, reason, LocalTag);
        if (status is > 100 and < 300)
        {
            // §12.1.1: the UAS copies Record-Route into responses that establish a dialog and adds its Contact.
            foreach (var rr in Invite.Headers.GetValues(HeaderNames.RecordRoute))
            {
                response.Headers.Add(HeaderNames.RecordRoute, rr);
            }

            response.Headers.Add(HeaderNames.Contact, _contact);
        }

        response.Headers.Add(HeaderNames.Allow, UasCore.AllowedMethods);
        response.Headers.Add(HeaderNames.Supported, UasPolicy.SupportedExtensions);
        response.Headers.Add(HeaderNames.Server, _stack.Options.UserAgent);
        if (!sdp.IsEmpty)
        {
            response.Headers.Add(HeaderNames.ContentType, "application/sdp");
            response.Body = sdp;
        }

        return response;
    }
}
