using Telephony.Sip.Auth;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// One outgoing INVITE from start to dialog (RFC 3261 §13.2): provisional responses, one
/// digest retry on 401/407, ACK for the 2xx (resent for each 2xx retransmission), CANCEL.
/// </summary>
internal sealed class OutgoingCall
{
    private readonly SipStack _stack;
    private readonly OutgoingCallOptions _options;
    private readonly ISipSender _sender;
    private readonly string _callId = SipIds.NewCallId();
    private readonly string _localTag = SipIds.NewTag();
    private readonly string _contact;
    private readonly TaskCompletionSource<OutgoingCallResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private long _cseq;
    private bool _retriedAuth;
    private bool _cancelRequested;
    private bool _cancelSent;
    private SipRequest? _invite;
    private InviteClientTransaction? _tx;
    private SipDialog? _dialog;
    private byte[]? _ack;

    public OutgoingCall(SipStack stack, OutgoingCallOptions options, ISipSender sender)
    {
        _stack = stack;
        _options = options;
        _sender = sender;
        var local = stack.LocalEndPointFor(new SipSource(sender, options.Destination));
        _contact = $"<sip:{stack.Options.ContactUser}@{SipDialog.FormatHost(local.Address)}:{local.Port}>";
    }

    public async Task<OutgoingCallResult> RunAsync(CancellationToken cancel)
    {
        Send(authorization: null);
        using var registration = cancel.Register(RequestCancel);
        return await _result.Task;
    }

    private void Send(SipHeader? authorization)
    {
        var local = _stack.LocalEndPointFor(new SipSource(_sender, _options.Destination));
        var invite = new SipRequest("INVITE", _options.RequestUri);
        invite.Headers.Add(HeaderNames.Via, ViaHeader.Create("UDP", SipDialog.FormatHost(local.Address), local.Port, SipIds.NewBranch()).ToString());
        invite.Headers.Add(HeaderNames.MaxForwards, "70");
        var from = _options.FromDisplayName is { } name ? $"\"{name.Replace("\"", string.Empty, StringComparison.Ordinal)}\" <{_options.From}>" : $"<{_options.From}>";
        invite.Headers.Add(HeaderNames.From, $"{from};tag={_localTag}");
        invite.Headers.Add(HeaderNames.To, $"<{_options.To}>");
        invite.Headers.Add(HeaderNames.CallId, _callId);
        invite.Headers.Add(HeaderNames.CSeq, $"{Interlocked.Increment(ref _cseq)} INVITE");
        invite.Headers.Add(HeaderNames.Contact, _contact);
        invite.Headers.Add(HeaderNames.Allow, UasPolicy.AllowedMethods);
        invite.Headers.Add(HeaderNames.UserAgent, _stack.Options.UserAgent);
        if (authorization is { } auth)
        {
            invite.Headers.Add(auth.Name, auth.Value);
        }

        foreach (var h in _options.ExtraHeaders)
        {
            invite.Headers.Add(h.Name, h.Value);
        }

        invite.Headers.Add(HeaderNames.ContentType, "application/sdp");
        invite.Body = _options.Sdp;
        var tx = new InviteClientTransaction(_stack.Context, TransactionKeys.ForClient(invite.TopVia!.Branch!, "INVITE"), invite, _sender, _options.Destination, OnResponse);
        lock (_sync)
        {
            _invite = invite;
            _tx = tx;
        }

        _stack.Transactions.Add(tx);
        tx.Start();
    }

    private void OnResponse(SipResponse? response)
    {
        if (response is null)
        {
            _result.TrySetResult(new OutgoingCallResult(null, 408, "no final response (Timer B)", null));
            return;
        }

        if (response.IsProvisional)
        {
            _options.OnProvisional?.Invoke(response);
            SendCancelIfRequested();
            return;
        }

        if (response.IsSuccess)
        {
            OnSuccess(response);
            return;
        }

        if (response.StatusCode is 401 or 407 && TryAuthenticate(response))
        {
            return;
        }

        _result.TrySetResult(new OutgoingCallResult(null, response.StatusCode, response.ReasonPhrase, response));
    }

    private void OnSuccess(SipResponse ok)
    {
        byte[] ack;
        SipDialog dialog;
        lock (_sync)
        {
            if (_dialog is null)
            {
                // §13.2.2.4: the ACK for a 2xx is built by the dialog and goes end to end, with a new branch.
                _dialog = SipDialog.ForUac(_stack, _invite!, ok, new SipSource(_sender, _options.Destination), _contact);
                var request = _dialog.CreateRequest("ACK");
                request.Headers.Set(HeaderNames.CSeq, $"{_invite!.CSeq!.Value.Number} ACK");
                _ack = SipSerializer.Serialize(request);
                _stack.Dialogs.Add(_dialog);
            }

            ack = _ack!;
            dialog = _dialog;
        }

        _sender.Send(ack, dialog.Destination());
        _result.TrySetResult(new OutgoingCallResult(dialog, ok.StatusCode, ok.ReasonPhrase, ok));
    }

    private bool TryAuthenticate(SipResponse challenge)
    {
        var credentials = _options.Credentials;
        var header = challenge.StatusCode == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
        var challenges = challenge.Headers.Where(h => h.Name.Equals(header, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        if (credentials is null || _retriedAuth)
        {
            return false;
        }

        if (credentials.Realm is { } realm)
        {
            // Only answer challenges for the realm the credentials are for.
            challenges = challenges.Where(c => DigestParameters.TryParse(c, out var p) && p["realm"] == realm).ToList();
        }

        var answer = DigestClient.Answer(challenges, "INVITE", _options.RequestUri, credentials.User, credentials.Password);
        if (answer is null)
        {
            return false;
        }

        _retriedAuth = true;
        Send(new SipHeader(challenge.StatusCode == 401 ? "Authorization" : "Proxy-Authorization", answer));
        return true;
    }

    private void RequestCancel()
    {
        lock (_sync)
        {
            _cancelRequested = true;
        }

        SendCancelIfRequested();
    }

    /// <summary>§9.1: CANCEL only once a provisional response arrived, with the INVITE's branch and CSeq number.</summary>
    private void SendCancelIfRequested()
    {
        SipRequest cancel;
        lock (_sync)
        {
            if (!_cancelRequested || _cancelSent || _tx is not { IsProceeding: true } || _invite is null)
            {
                return;
            }

            _cancelSent = true;
            cancel = new SipRequest("CANCEL", _invite.RequestUri);
            cancel.Headers.Add(HeaderNames.Via, _invite.Headers.GetValues(HeaderNames.Via)[0]);
            cancel.Headers.Add(HeaderNames.MaxForwards, "70");
            cancel.Headers.Add(HeaderNames.From, _invite.Headers.Get(HeaderNames.From)!);
            cancel.Headers.Add(HeaderNames.To, _invite.Headers.Get(HeaderNames.To)!);
            cancel.Headers.Add(HeaderNames.CallId, _callId);
            cancel.Headers.Add(HeaderNames.CSeq, $"{_invite.CSeq!.Value.Number} CANCEL");
        }

        _ = _stack.SendNonInviteAsync(cancel, _sender, _options.Destination);
    }
}
