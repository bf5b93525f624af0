using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// What a UAS does with each request that started a new server transaction (RFC 3261 §8.2,
/// §12.2.2, §13.3, §15.1.2, §9.2, §11.2).
/// </summary>
internal sealed class UasCore
{
    public const string AllowedMethods = UasPolicy.AllowedMethods;

    private readonly SipStack _stack;

    public UasCore(SipStack stack) => _stack = stack;

    public void OnRequest(ServerTransaction tx)
    {
        var request = tx.Request;
        if (request.Method != "CANCEL" && UasPolicy.UnsupportedScheme(request))
        {
            tx.SendResponse(SipResponse.Create(request, 416, null, SipIds.NewTag()));
            return;
        }

        if (UasPolicy.UnsupportedRequirements(request) is { Count: > 0 } required)
        {
            // §8.2.2.3: we support no extension a peer can require yet.
            var response = SipResponse.Create(request, 420, null, SipIds.NewTag());
            response.Headers.Add(HeaderNames.Unsupported, string.Join(", ", required));
            tx.SendResponse(response);
            return;
        }

        switch (request.Method)
        {
            case "INVITE":
                OnInvite((InviteServerTransaction)tx);
                break;
            case "BYE":
                OnBye(tx);
                break;
            case "CANCEL":
                OnCancel(tx);
                break;
            case "OPTIONS":
                OnOptions(tx);
                break;
            case "REGISTER" when _stack.Registrar is { } registrar:
                registrar.Handle(tx);
                break;
            case "UPDATE":
                OnUpdate(tx);
                break;
            case "NOTIFY":
                OnNotify(tx);
                break;
            case "INFO":
                Reply(tx, FindDialog(request) is { } infoDialog ? infoDialog.InfoHandler?.Invoke(request) ?? 200 : 481);
                break;
            default:
                var notAllowed = SipResponse.Create(request, UasPolicy.MethodRefusal(request.Method) ?? 501, null, SipIds.NewTag());
                notAllowed.Headers.Add(HeaderNames.Allow, AllowedMethods);
                tx.SendResponse(notAllowed);
                break;
        }
    }

    /// <summary>An ACK that no transaction consumed: the ACK for a 2xx, which belongs to the dialog.</summary>
    public void OnAck(SipRequest ack)
    {
        if (FindDialog(ack) is { } dialog)
        {
            dialog.OnAck(ack);
            Interlocked.Exchange(ref dialog.PendingReInvite, 0);
        }
    }

    private void OnInvite(InviteServerTransaction tx)
    {
        var request = tx.Request;
        if (request.To?.Tag is not null)
        {
            OnReInvite(tx, FindDialog(request));
            return;
        }

        if (SessionTimerPolicy.IsTooSmall(request))
        {
            // RFC 4028 §8.1: too short an interval is refused with our minimum.
            var tooSmall = SipResponse.Create(request, 422, "Session Interval Too Small", SipIds.NewTag());
            tooSmall.Headers.Add("Min-SE", ((int)SessionTimerPolicy.MinSessionExpires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
            tx.SendResponse(tooSmall);
            return;
        }

        var trying = SipResponse.Create(request, 100);
        tx.SendResponse(trying);
        var handler = _stack.CallHandler;
        if (handler is null)
        {
            Reply(tx, 480);
            return;
        }

        var call = new IncomingCall(_stack, tx);
        tx.Owner = call;
        handler.OnIncomingCall(call);
    }

    /// <summary>A re-INVITE (RFC 3261 §14.2): hold, resume, codec change or session refresh, decided by the call layer.</summary>
    private void OnReInvite(InviteServerTransaction tx, SipDialog? dialog)
    {
        if (dialog is null)
        {
            Reply(tx, 481);
            return;
        }

        if (Interlocked.CompareExchange(ref dialog.PendingReInvite, 1, 0) != 0)
        {
            // §14.2: a second re-INVITE while one is in progress gets 500 with a Retry-After below 10 s.
            var busy = SipResponse.Create(tx.Request, 500, "Overlapping re-INVITE", dialog.LocalTag);
            busy.Headers.Add("Retry-After", Random.Shared.Next(1, 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            tx.SendResponse(busy);
            return;
        }

        var decision = Decide(dialog, tx.Request);
        var response = SipResponse.Create(tx.Request, decision.Status, null, dialog.LocalTag);
        if (decision.Status != 200)
        {
            Interlocked.Exchange(ref dialog.PendingReInvite, 0);
            tx.SendResponse(response);
            return;
        }

        AddSessionBody(response, dialog, decision.Sdp);
        var cseq = tx.Request.CSeq!.Value.Number;
        _stack.RetransmitUntilAcked(dialog, SipSerializer.Serialize(response), tx.ResponseTarget, () => dialog.LastAckCSeq >= cseq);
        tx.SendResponse(response);
    }

    /// <summary>UPDATE (RFC 3311): a session change without the INVITE three-way handshake.</summary>
    private void OnUpdate(ServerTransaction tx)
    {
        var dialog = FindDialog(tx.Request);
        if (dialog is null)
        {
            Reply(tx, 481);
            return;
        }

        var decision = tx.Request.Body.IsEmpty && dialog.SessionTimer is not null
            ? new SessionModification(200, default)
            : Decide(dialog, tx.Request);
        var response = SipResponse.Create(tx.Request, decision.Status, null, dialog.LocalTag);
        if (decision.Status == 200)
        {
            AddSessionBody(response, dialog, tx.Request.Body.IsEmpty ? default : decision.Sdp);
        }

        tx.SendResponse(response);
    }

    private static SessionModification Decide(SipDialog dialog, SipRequest request)
    {
        if (dialog.ModificationHandler is not { } handler)
        {
            return new SessionModification(488, default);
        }

        try
        {
            return handler(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new SessionModification(500, default);
        }
    }

    private void AddSessionBody(SipResponse response, SipDialog dialog, ReadOnlyMemory<byte> sdp)
    {
        // A refresh from the peer restarts the session timer; the 2xx repeats the interval (RFC 4028 §9).
        if (dialog.SessionTimer is { } timer)
        {
            dialog.OnSessionRefreshed();
            response.Headers.Add(HeaderNames.SessionExpires, timer.HeaderValue);
            if (timer.RequireTimer)
            {
                response.Headers.Add(HeaderNames.Require, "timer");
            }
        }

        response.Headers.Add(HeaderNames.Contact, dialog.LocalContact);
        response.Headers.Add(HeaderNames.Allow, AllowedMethods);
        response.Headers.Add(HeaderNames.Server, _stack.Options.UserAgent);
        if (!sdp.IsEmpty)
        {
            response.Headers.Add(HeaderNames.ContentType, "application/sdp");
            response.Body = sdp;
        }
    }

    /// <summary>NOTIFY (RFC 6665) for the implicit subscription of a REFER we sent (RFC 3515 §2.4.4).</summary>
    private void OnNotify(ServerTransaction tx)
    {
        var dialog = FindDialog(tx.Request);
        if (dialog is null)
        {
            Reply(tx, 481);
            return;
        }

        var package = tx.Request.Headers.Get(HeaderNames.Event)?.Split(';')[0].Trim();
        if (!string.Equals(package, "refer", StringComparison.OrdinalIgnoreCase))
        {
            Reply(tx, 489);
            return;
        }

        Reply(tx, dialog.OnReferNotify(tx.Request) ? 200 : 481);
    }

    private void OnBye(ServerTransaction tx)
    {
        var dialog = FindDialog(tx.Request);
        if (dialog is null)
        {
            Reply(tx, 481);
            return;
        }

        Reply(tx, 200);
        dialog.OnRemoteBye();
    }

    private void OnCancel(ServerTransaction tx)
    {
        // §9.2: CANCEL matches the INVITE server transaction with the same branch.
        var invite = _stack.Transactions.FindServer(TransactionKeys.ForServer(tx.Request, "INVITE")) as InviteServerTransaction;
        if (invite?.Owner is not IncomingCall call)
        {
            Reply(tx, 481);
            return;
        }

        var ok = SipResponse.Create(tx.Request, 200, null, call.LocalTag);
        tx.SendResponse(ok);
        call.OnCancel();
    }

    private void OnOptions(ServerTransaction tx)
    {
        var response = SipResponse.Create(tx.Request, 200, null, SipIds.NewTag());
        response.Headers.Add(HeaderNames.Allow, AllowedMethods);
        response.Headers.Add(HeaderNames.Accept, "application/sdp");
        response.Headers.Add("Accept-Encoding", "identity");
        response.Headers.Add("Accept-Language", "en");
        response.Headers.Add(HeaderNames.Supported, UasPolicy.SupportedExtensions);
        response.Headers.Add(HeaderNames.Server, _stack.Options.UserAgent);
        tx.SendResponse(response);
    }

    private SipDialog? FindDialog(SipRequest request) =>
        _stack.Dialogs.Find(request.CallId!, request.To?.Tag, request.From?.Tag);

    private static void Reply(ServerTransaction tx, int status) =>
        tx.SendResponse(SipResponse.Create(tx.Request, status, null, SipIds.NewTag()));
}
