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
            case "INFO":
                Reply(tx, FindDialog(request) is null ? 481 : 200);
                break;
            default:
                var notAllowed = SipResponse.Create(request, UasPolicy.MethodRefusal(request.Method) ?? 501, null, SipIds.NewTag());
                notAllowed.Headers.Add(HeaderNames.Allow, AllowedMethods);
                tx.SendResponse(notAllowed);
                break;
        }
    }

    /// <summary>An ACK that no transaction consumed: the ACK for a 2xx, which belongs to the dialog.</summary>
    public void OnAck(SipRequest ack) => FindDialog(ack)?.OnAck();

    private void OnInvite(InviteServerTransaction tx)
    {
        var request = tx.Request;
        if (request.To?.Tag is not null)
        {
            // Re-INVITE: session changes arrive with the full SIP stack work; refuse without breaking the call.
            Reply(tx, FindDialog(request) is null ? 481 : 488);
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
        response.Headers.Add(HeaderNames.Supported, string.Empty);
        response.Headers.Add(HeaderNames.Server, _stack.Options.UserAgent);
        tx.SendResponse(response);
    }

    private SipDialog? FindDialog(SipRequest request) =>
        _stack.Dialogs.Find(request.CallId!, request.To?.Tag, request.From?.Tag);

    private static void Reply(ServerTransaction tx, int status) =>
        tx.SendResponse(SipResponse.Create(tx.Request, status, null, SipIds.NewTag()));
}
