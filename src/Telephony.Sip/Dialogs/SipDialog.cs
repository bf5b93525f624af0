using System.Net;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dialogs;

/// <summary>A confirmed or confirming dialog where we are the UAS (RFC 3261 §12.1.1).</summary>
/// <remarks>
/// Holds what §12 says a dialog is (Call-ID, tags, remote target, route set, sequence numbers)
/// and how to send requests in it. Thread-safe.
/// </remarks>
public sealed partial class SipDialog
{
    private readonly SipStack _stack;
    private readonly TaskCompletionSource _acked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DialogEnd> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _localCSeq;

    private SipDialog(SipStack stack, SipSource source, string callId, string localTag, string remoteTag, string localParty, string remoteParty,
        string remoteTarget, IReadOnlyList<string> routeSet, string localContact, long localCSeq)
    {
        _stack = stack;
        Source = source;
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        LocalParty = localParty;
        RemoteParty = remoteParty;
        RemoteTarget = remoteTarget;
        RouteSet = routeSet;
        LocalContact = localContact;
        _localCSeq = localCSeq;
    }

    /// <summary>The dialog a UAS creates with its 2xx (RFC 3261 §12.1.1).</summary>
    internal static SipDialog ForUas(SipStack stack, SipRequest invite, SipSource source, string localTag, string localContact)
    {
        var from = invite.From!;
        var remoteTarget = invite.Headers.GetValues(HeaderNames.Contact) is [var contact, ..] && NameAddress.TryParse(contact, out var c) ? c.Uri : from.Uri;
        return new SipDialog(stack, source, invite.CallId!, localTag, from.Tag ?? string.Empty, invite.To!.WithTag(localTag).ToString(), from.ToString(),
            remoteTarget, invite.Headers.GetValues(HeaderNames.RecordRoute), localContact, 0);
    }

    /// <summary>The dialog a UAC creates from the 2xx to its INVITE (RFC 3261 §12.1.2): route set reversed.</summary>
    internal static SipDialog ForUac(SipStack stack, SipRequest invite, SipResponse ok, SipSource source, string localContact)
    {
        var to = ok.To!;
        var remoteTarget = ok.Headers.GetValues(HeaderNames.Contact) is [var contact, ..] && NameAddress.TryParse(contact, out var c) ? c.Uri : invite.RequestUri;
        var routes = ok.Headers.GetValues(HeaderNames.RecordRoute);
        routes.Reverse();
        var dialog = new SipDialog(stack, source, invite.CallId!, invite.From!.Tag!, to.Tag ?? string.Empty, invite.Headers.Get(HeaderNames.From)!,
            ok.Headers.Get(HeaderNames.To)!, remoteTarget, routes, localContact, invite.CSeq!.Value.Number);
        dialog._acked.TrySetResult();
        return dialog;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    public string RemoteTag { get; }

    /// <summary>Our From in requests we send (the INVITE's To with our tag).</summary>
    public string LocalParty { get; }

    /// <summary>Their From, used as To in requests we send.</summary>
    public string RemoteParty { get; }

    /// <summary>The peer's Contact URI: where in-dialog requests go.</summary>
    public string RemoteTarget { get; }

    /// <summary>The Record-Route values of the INVITE, in order (UAS side, §12.1.1).</summary>
    public IReadOnlyList<string> RouteSet { get; }

    public string LocalContact { get; }

    public SipSource Source { get; }

    internal string Key => DialogKey(CallId, LocalTag, RemoteTag);

    /// <summary>Completes when the ACK for our 2xx arrives.</summary>
    public Task Acked => _acked.Task;

    /// <summary>The body of the ACK that confirmed the dialog: the SDP answer when our 2xx carried the offer (delayed offer).</summary>
    public ReadOnlyMemory<byte> AckBody { get; private set; }

    /// <summary>The Content-Type of that ACK's body.</summary>
    public string? AckContentType { get; private set; }

    /// <summary>Completes when the dialog ends, with who ended it.</summary>
    public Task<DialogEnd> Ended => _ended.Task;

    public bool IsEnded => _ended.Task.IsCompleted;

    private readonly TaskCompletionSource<DialogEndReason> _ending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes the moment the end is decided, with why: our BYE is on its way (its transaction
    /// may run 64·T1 more before <see cref="Ended"/> completes) or theirs arrived.
    /// </summary>
    public Task<DialogEndReason> Ending => _ending.Task;

    /// <summary>
    /// True once <see cref="Ending"/> completed. Nothing that belongs to the dialog's answer is
    /// sent any more (RFC 3261 §13.3.1.4: the 2xx retransmission stops with the BYE).
    /// </summary>
    public bool IsEnding => _ending.Task.IsCompleted;

    internal static string DialogKey(string callId, string localTag, string remoteTag) => string.Concat(callId, "|", localTag, "|", remoteTag);

    /// <summary>Sends BYE (once) and ends the dialog. Returns the BYE's final status, or null if it got none.</summary>
    public async Task<int?> HangupAsync(DialogEndReason reason = DialogEndReason.LocalBye, string? why = null)
    {
        if (!_stack.Dialogs.TryRemove(this))
        {
            return null;
        }

        _ending.TrySetResult(reason);
        var bye = CreateRequest("BYE");
        if (why is not null)
        {
            bye.Headers.Add(HeaderNames.Reason, why);
        }

        var response = await _stack.SendInDialogAsync(bye, this);
        _ended.TrySetResult(new DialogEnd(reason, response?.StatusCode));
        return response?.StatusCode;
    }

    /// <summary>The session timer in force (RFC 4028), if one was agreed.</summary>
    public SessionTimer? SessionTimer { get; private set; }

    private long _refreshGeneration;

    /// <summary>Starts the session timer: we refresh at half the interval, or we check for the peer's refresh before it lapses.</summary>
    internal void StartSessionTimer(SessionTimer timer)
    {
        SessionTimer = timer;
        Schedule(Interlocked.Read(ref _refreshGeneration));
    }

    /// <summary>A refresh (re-INVITE or UPDATE, either way) succeeded: the interval starts again.</summary>
    internal void OnSessionRefreshed()
    {
        if (SessionTimer is not null)
        {
            Schedule(Interlocked.Increment(ref _refreshGeneration));
        }
    }

    private void Schedule(long generation)
    {
        var timer = SessionTimer!;
        var state = (this, generation);
        if (timer.Refresher == SessionRefresher.Uas)
        {
            _stack.Timers.Schedule(timer.Interval / 2, static s => { var (d, g) = ((SipDialog, long))s!; _ = d.RefreshAsync(g); }, state);
        }
        else
        {
            // §10: without a refresh, BYE a little before the interval ends (at most 32 s or a third of it early).
            var early = TimeSpan.FromSeconds(Math.Min(32, timer.Interval.TotalSeconds / 3));
            _stack.Timers.Schedule(timer.Interval - early, static s => { var (d, g) = ((SipDialog, long))s!; d.ExpireIfNotRefreshed(g); }, state);
        }
    }

    private async Task RefreshAsync(long generation)
    {
        if (IsEnding || Interlocked.Read(ref _refreshGeneration) != generation)
        {
            return;
        }

        var update = CreateRequest("UPDATE");
        update.Headers.Add(HeaderNames.SessionExpires, SessionTimer!.HeaderValue);
        update.Headers.Add(HeaderNames.Supported, UasPolicy.SupportedExtensions);
        update.Headers.Add(HeaderNames.Contact, LocalContact);
        var response = await _stack.SendInDialogAsync(update, this);
        if (response is { IsSuccess: true })
        {
            OnSessionRefreshed();
        }
        else if (response is null || response.StatusCode is 408 or 481)
        {
            // The peer is gone (RFC 4028 §10 / RFC 5057): end the session.
            await HangupAsync(DialogEndReason.SessionExpired, "SIP;cause=408;text=\"Session refresh failed\"");
        }
        else
        {
            // Refused but alive: keep the session and try again at the next half interval.
            OnSessionRefreshed();
        }
    }

    private void ExpireIfNotRefreshed(long generation)
    {
        if (!IsEnded && Interlocked.Read(ref _refreshGeneration) == generation)
        {
            _ = HangupAsync(DialogEndReason.SessionExpired, "SIP;cause=408;text=\"Session expired\"");
        }
    }

    private TaskCompletionSource<int?>? _referDone;
    private long _referCSeq = -1;
    private int? _referLastStatus;

    /// <summary>
    /// Asks the peer to call <paramref name="referTo"/> (blind transfer, RFC 3515) and follows the
    /// referred call through the peer's sipfrag NOTIFYs until the subscription ends or
    /// <paramref name="timeout"/> passes. One REFER at a time per dialog.
    /// </summary>
    public async Task<ReferOutcome> ReferAsync(string referTo, string? referredBy = null, TimeSpan? timeout = null)
    {
        var refer = CreateRequest("REFER");
        refer.Headers.Add("Refer-To", $"<{referTo}>");
        if (referredBy is not null)
        {
            refer.Headers.Add("Referred-By", $"<{referredBy}>");
        }

        refer.Headers.Add(HeaderNames.Contact, LocalContact);
        var done = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_acked)
        {
            _referDone = done;
            _referCSeq = refer.CSeq!.Value.Number;
            _referLastStatus = null;
        }

        var response = await _stack.SendInDialogAsync(refer, this);
        if (response is not { IsSuccess: true })
        {
            return new ReferOutcome(response?.StatusCode ?? 0, null);
        }

        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout ?? TimeSpan.FromSeconds(60), _stack.Timers.Time));
        int? last;
        lock (_acked)
        {
            last = _referLastStatus;
        }

        return new ReferOutcome(response.StatusCode, finished == done.Task ? done.Task.Result : last);
    }

    /// <summary>A NOTIFY for our REFER's implicit subscription: its message/sipfrag body carries the referred call's status.</summary>
    internal bool OnReferNotify(SipRequest notify)
    {
        var status = ParseSipfragStatus(notify.Body.Span);
        var terminated = notify.Headers.Get("Subscription-State")?.TrimStart().StartsWith("terminated", StringComparison.OrdinalIgnoreCase) == true;
        var id = Headers.HeaderParameters.Get(Headers.HeaderParameters.Parse((notify.Headers.Get(HeaderNames.Event) ?? string.Empty).Split(';', 2) is [_, var p] ? p : string.Empty), "id");
        TaskCompletionSource<int?>? done;
        int? last;
        lock (_acked)
        {
            // RFC 3515 §2.4.6: the Event id names the REFER's CSeq; a NOTIFY for another REFER is not ours.
            if (_referDone is null || (id is not null && id != _referCSeq.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return false;
            }

            _referLastStatus = status ?? _referLastStatus;
            last = _referLastStatus;
            done = terminated || status >= 200 ? _referDone : null;
        }

        done?.TrySetResult(last);
        return true;
    }

    private static int? ParseSipfragStatus(ReadOnlySpan<byte> body)
    {
        // message/sipfrag (RFC 3420): its first line is a status line such as "SIP/2.0 200 OK".
        var text = System.Text.Encoding.UTF8.GetString(body).TrimStart();
        return text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && text.Length >= 11
            && int.TryParse(text.AsSpan(8, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? code
            : null;
    }

    /// <summary>Set by the call layer to decide on re-INVITEs and UPDATEs; without it they are refused with 488.</summary>
    public SessionModificationHandler? ModificationHandler { get; set; }

    /// <summary>
    /// Set by the call layer to take in-dialog INFO (DTMF relay): returns the status to answer
    /// (200, or 415 for a body it does not understand). Without it INFO is answered 200 and ignored.
    /// </summary>
    public Func<SipRequest, int>? InfoHandler { get; set; }

    /// <summary>CSeq of the newest ACK received, to stop the retransmission of the matching 2xx (initial or re-INVITE).</summary>
    internal long LastAckCSeq => Interlocked.Read(ref _lastAckCSeq);

    /// <summary>True while a re-INVITE of the peer awaits our final response or its ACK.</summary>
    internal int PendingReInvite;

    private long _lastAckCSeq = -1;

    internal void OnAck(SipRequest ack)
    {
        if (ack.CSeq is { } cseq)
        {
            Interlocked.Exchange(ref _lastAckCSeq, cseq.Number);
        }

        if (!_acked.Task.IsCompleted)
        {
            AckBody = ack.Body;
            AckContentType = ack.ContentType;
        }

        _acked.TrySetResult();
    }

    internal void OnRemoteBye()
    {
        if (_stack.Dialogs.TryRemove(this))
        {
            _ending.TrySetResult(DialogEndReason.RemoteBye);
            _ended.TrySetResult(new DialogEnd(DialogEndReason.RemoteBye));
        }
    }

    internal SipRequest CreateRequest(string method)
    {
        var request = new SipRequest(method, RemoteTarget);
        var local = _stack.LocalEndPointFor(Source);
        request.Headers.Add(HeaderNames.Via, ViaHeader.Create(Source.Sender.Kind.ViaToken(), FormatHost(local.Address), local.Port, SipIds.NewBranch()).ToString());
        request.Headers.Add(HeaderNames.MaxForwards, "70");
        request.Headers.Add(HeaderNames.From, LocalParty);
        request.Headers.Add(HeaderNames.To, RemoteParty);
        request.Headers.Add(HeaderNames.CallId, CallId);
        request.Headers.Add(HeaderNames.CSeq, new CSeqHeader(Interlocked.Increment(ref _localCSeq), method).ToString());
        foreach (var route in RouteSet)
        {
            request.Headers.Add(HeaderNames.Route, route);
        }

        request.Headers.Add(HeaderNames.UserAgent, _stack.Options.UserAgent);
        return request;
    }

    /// <summary>Where in-dialog requests are sent: the first route, else the remote target; the source address when neither names an IP.</summary>
    internal IPEndPoint Destination()
    {
        var next = RouteSet.Count > 0 && NameAddress.TryParse(RouteSet[0], out var route) ? route.Uri : RemoteTarget;
        if (SipUri.TryParse(next, out var uri) && IPAddress.TryParse(HostPort.Unbracket(uri.Host), out var ip))
        {
            var port = uri.Port ?? (uri.Scheme.Equals("sips", StringComparison.OrdinalIgnoreCase) ? 5061 : 5060);
            return new IPEndPoint(ip, port);
        }

        return Source.Remote;
    }

    internal static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
