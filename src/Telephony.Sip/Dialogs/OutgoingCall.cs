using System.Net;
using Telephony.Sip.Auth;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// One outgoing INVITE from start to dialog (RFC 3261 §13.2): provisional responses, one
/// digest retry on 401/407 per target, 3xx redirection (§8.1.3.4), ACK for the 2xx (resent for
/// each 2xx retransmission), CANCEL.
/// </summary>
internal sealed class OutgoingCall
{
    private readonly SipStack _stack;
    private readonly OutgoingCallOptions _options;
    private readonly string _callId;
    private readonly string _localTag = SipIds.NewTag();
    private readonly TaskCompletionSource<OutgoingCallResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _sync = new();
    private readonly HashSet<string> _visited = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _alternatives = new();
    private ISipSender _sender = null!;
    private IPEndPoint _destination;
    private SipTransportKind _transport;
    private string _requestUri;
    private string _contact = string.Empty;
    private int _redirects;
    private long _cseq;
    private bool _retriedAuth;
    private bool _credentialsAllowed = true;
    private OutgoingCallResult? _firstAnswer;
    private bool _cancelRequested;
    private bool _cancelSent;
    private SipRequest? _invite;
    private InviteClientTransaction? _tx;
    private SipDialog? _dialog;
    private byte[]? _ack;

    public OutgoingCall(SipStack stack, OutgoingCallOptions options)
    {
        _stack = stack;
        _options = options;
        _callId = options.CallId ?? SipIds.NewCallId();
        _destination = options.Destination;
        _transport = options.Transport;
        _requestUri = options.RequestUri;
        _visited.Add(options.RequestUri);
    }

    public async Task<OutgoingCallResult> RunAsync(CancellationToken cancel)
    {
        if (await ConnectAsync(cancel).ConfigureAwait(false) is { } failure)
        {
            return failure;
        }

        Send(authorization: null);
        using var registration = cancel.Register(RequestCancel);
        return await _result.Task.ConfigureAwait(false);
    }

    /// <summary>Gets a sender for the current target: the UDP socket, or an open/new TCP or TLS connection.</summary>
    /// <returns>Null when ready; else the outcome to report (503, as §8.1.3.1 treats transport errors).</returns>
    private async Task<OutgoingCallResult?> ConnectAsync(CancellationToken cancel)
    {
        var serverName = _options.TlsServerName ?? (SipUri.TryParse(_requestUri, out var uri) ? HostPort.Unbracket(uri.Host) : null);
        var (sender, error) = await _stack.SenderForAsync(_transport, _destination, serverName, cancel).ConfigureAwait(false);
        if (sender is null)
        {
            return new OutgoingCallResult(null, 503, ClientFailure.ConnectFailed(error, new SipHop(_destination, _transport)).Description, null);
        }

        var local = _stack.LocalEndPointFor(new SipSource(sender, _destination));
        lock (_sync)
        {
            _sender = sender;
            _contact = $"<sip:{_stack.Options.ContactUser}@{SipDialog.FormatHost(local.Address)}:{local.Port}{_transport.UriParameter()}>";
        }

        return null;
    }

    private void Send(SipHeader? authorization)
    {
        ISipSender sender;
        lock (_sync)
        {
            sender = _sender;
        }

        var local = _stack.LocalEndPointFor(new SipSource(sender, _destination));
        var invite = new SipRequest("INVITE", _requestUri);
        invite.Headers.Add(HeaderNames.Via, ViaHeader.Create(_transport.ViaToken(), SipDialog.FormatHost(local.Address), local.Port, SipIds.NewBranch()).ToString());
        invite.Headers.Add(HeaderNames.MaxForwards, "70");
        if (_options.OutboundProxy is { } proxy)
        {
            invite.Headers.Add(HeaderNames.Route, $"<{proxy}>");
        }

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
        var tx = new InviteClientTransaction(_stack.Context, TransactionKeys.ForClient(invite.TopVia!.Branch!, "INVITE"), invite, sender, _destination, OnResponse);
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
            // Timer B is a 408, a transport error a 503 (§8.1.3.1); the reason says which, in words.
            InviteClientTransaction? tx;
            lock (_sync)
            {
                tx = _tx;
            }

            var failure = tx?.Failure ?? ClientFailure.NoResponse(_stack.Options.Timers.TransactionTimeout, _sender);
            Fail(new OutgoingCallResult(null, failure.Kind == ClientFailureKind.Timeout ? 408 : 503, failure.Description, null));
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

        if (response.StatusCode is >= 300 and < 400)
        {
            CollectRedirects(response);
        }

        Fail(new OutgoingCallResult(null, response.StatusCode, response.ReasonPhrase, response));
    }

    /// <summary>
    /// §8.1.3.4: the Contacts of a 3xx are alternative targets, tried in order of q-value, each
    /// URI once (a redirect loop ends when nothing new is left), at most MaxRedirects times.
    /// </summary>
    private void CollectRedirects(SipResponse response)
    {
        var contacts = new List<(string Uri, double Q, int Order)>();
        foreach (var value in response.Headers.GetValues(HeaderNames.Contact))
        {
            if (NameAddress.TryParse(value, out var contact) && contact.ParsedUri is { IsSip: true })
            {
                var q = double.TryParse(HeaderParameters.Get(contact.Parameters, "q"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 1.0;
                contacts.Add((contact.Uri, q, contacts.Count));
            }
        }

        lock (_sync)
        {
            foreach (var c in contacts.OrderByDescending(c => c.Q).ThenBy(c => c.Order))
            {
                if (_visited.Add(c.Uri))
                {
                    _alternatives.Enqueue(c.Uri);
                }
            }
        }
    }

    /// <summary>
    /// Ends the call with a failure, unless a redirect target is left to try. The outcome reported
    /// is the first real answer of a target (not a 3xx that was followed), else the last failure.
    /// </summary>
    private void Fail(OutgoingCallResult failure)
    {
        string next;
        lock (_sync)
        {
            if (failure.Response is { StatusCode: < 300 or >= 400 } && _firstAnswer is null)
            {
                _firstAnswer = failure;
            }

            if (_alternatives.Count == 0 || _redirects >= _options.MaxRedirects || _cancelRequested)
            {
                _result.TrySetResult(_firstAnswer ?? failure);
                return;
            }

            _redirects++;
            next = _alternatives.Dequeue();
        }

        _ = RedirectAsync(next, failure);
    }

    private async Task RedirectAsync(string uri, OutgoingCallResult failure)
    {
        try
        {
            if (_options.OutboundProxy is null)
            {
                // Without an outbound proxy the new target is reached directly (RFC 3263 for its host).
                var targets = SipUri.TryParse(uri, out var parsed) ? await _stack.LocateAsync(parsed, CancellationToken.None).ConfigureAwait(false) : [];
                if (targets.Count == 0)
                {
                    _stack.Options.Log?.Invoke($"redirect of {_callId} to {uri}: no address for it");
                    Fail(failure);
                    return;
                }

                // Our credentials belong to the configured trunk: a redirect elsewhere must not earn a
                // digest answer computed from our password, whatever realm the new party claims.
                _credentialsAllowed &= targets[0].EndPoint.Address.Equals(_options.Destination.Address);
                _destination = targets[0].EndPoint;
                _transport = targets[0].Transport;
            }

            _requestUri = uri;
            if (await ConnectAsync(CancellationToken.None).ConfigureAwait(false) is { } connectFailure)
            {
                Fail(connectFailure);
                return;
            }

            _retriedAuth = false;
            _stack.Options.Log?.Invoke($"redirect of {_callId} to {uri} via {_destination} ({_transport})");
            Send(authorization: null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _result.TrySetResult(new OutgoingCallResult(null, 500, "redirect failed: " + e.Message, null));
        }
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
                _dialog = SipDialog.ForUac(_stack, _invite!, ok, new SipSource(_sender, _destination), _contact);
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
        var credentials = _credentialsAllowed ? _options.Credentials : null;
        if (credentials is null || _retriedAuth)
        {
            return false;
        }

        var challenges = DigestClient.ChallengesFor(challenge, credentials.Realm);

        var answer = DigestClient.Answer(challenges, "INVITE", _requestUri, credentials.User, credentials.Password);
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
            foreach (var route in _invite.Headers.GetValues(HeaderNames.Route))
            {
                // §9.1: a CANCEL takes the INVITE's route, so it reaches the same hops.
                cancel.Headers.Add(HeaderNames.Route, route);
            }

            cancel.Headers.Add(HeaderNames.From, _invite.Headers.Get(HeaderNames.From)!);
            cancel.Headers.Add(HeaderNames.To, _invite.Headers.Get(HeaderNames.To)!);
            cancel.Headers.Add(HeaderNames.CallId, _callId);
            cancel.Headers.Add(HeaderNames.CSeq, $"{_invite.CSeq!.Value.Number} CANCEL");
        }

        _ = _stack.SendNonInviteAsync(cancel, _sender, _destination);
    }
}
