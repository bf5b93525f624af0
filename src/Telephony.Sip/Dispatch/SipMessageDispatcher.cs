using Telephony.Sip.Dialogs;
using Telephony.Sip.Messages;
using Telephony.Sip.Security;
using Telephony.Sip.Transactions;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Dispatch;

/// <summary>
/// What happens to each message the transports read: responses go to their client transaction
/// (§17.1.3), requests are screened (hop count, scanners, §8.2 validation), matched to a server
/// transaction (§17.2.3; retransmissions absorbed, merged requests refused) and handed to the UAS
/// core. Runs synchronously on the receive thread; allocation beyond the parsed message is only on
/// the error paths.
/// </summary>
internal sealed class SipMessageDispatcher
{
    private readonly SipStackOptions _options;
    private readonly SipStats _stats;
    private readonly TransactionTable _transactions;
    private readonly TransactionContext _context;
    private readonly UasCore _uas;
    private readonly ScannerFilter _scanners;

    public SipMessageDispatcher(SipStackOptions options, SipStats stats, TransactionTable transactions, TransactionContext context, UasCore uas)
    {
        _options = options;
        _stats = stats;
        _transactions = transactions;
        _context = context;
        _uas = uas;
        _scanners = new ScannerFilter(options.Security.ScannerUserAgents);
    }

    public void OnMessage(SipMessage message, SipSource source)
    {
        if (message is SipResponse response)
        {
            OnResponse(response);
            return;
        }

        OnRequest((SipRequest)message, source);
    }

    public void OnInvalid(in SipParseResult result, SipSource source)
    {
        if (result.Message is SipRequest request && !TooManyHops(request))
        {
            _stats.RequestReceived(request.Method);
            RejectInvalid(request, source, result.SuggestedStatus, result.Error ?? "Bad Request");
            return;
        }

        _stats.Dropped();
        _options.Log?.Invoke($"dropped unparseable input from {source.Remote}: {result.Error}");
    }

    private void OnRequest(SipRequest request, SipSource source)
    {
        _stats.RequestReceived(request.Method);
        if (TooManyHops(request))
        {
            _stats.Dropped();
            return;
        }

        if (_scanners.IsScanner(request))
        {
            _stats.Scanner();
            _options.Log?.Invoke($"SECURITY scanner ip={source.Remote.Address} user_agent=\"{SecurityLogText.Escape(request.Headers.Get(HeaderNames.UserAgent))}\"");
            return;
        }

        if (SipMessageValidator.Validate(request) is { } error)
        {
            RejectInvalid(request, source, error.Status, error.Reason);
            return;
        }

        StampVia(request, source);
        var key = TransactionKeys.ForServer(request);
        if (request.Method == "ACK")
        {
            if (_transactions.FindServer(key) is InviteServerTransaction invite && invite.OnAck())
            {
                return;
            }

            _uas.OnAck(request);
            return;
        }

        if (_transactions.FindServer(key) is { } existing)
        {
            existing.OnRetransmission();
            return;
        }

        ServerTransaction tx = request.Method == "INVITE"
            ? new InviteServerTransaction(_context, key, request, source)
            : new NonInviteServerTransaction(_context, key, request, source);
        var winner = _transactions.GetOrAdd(tx);
        if (!ReferenceEquals(winner, tx))
        {
            winner.OnRetransmission();
            return;
        }

        if (!_transactions.TryClaimMerge(tx))
        {
            // §8.2.2.2: the same request reached us again by another path (a forking loop).
            tx.SendResponse(SipResponse.Create(request, 482, null, SipIds.NewTag()));
            return;
        }

        try
        {
            _uas.OnRequest(tx);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in request handling must cost this request, not the receive loop.
            _options.Log?.Invoke($"error handling {request.Method} {request.CallId}: {e}");
            tx.SendResponse(SipResponse.Create(request, 500, null, SipIds.NewTag()));
        }
    }

    private void OnResponse(SipResponse response)
    {
        _stats.ResponseReceived(response.StatusCode);
        var via = response.TopVia;
        var cseq = response.CSeq;
        if (via?.Branch is null || cseq is null)
        {
            _stats.Dropped();
            return;
        }

        var key = TransactionKeys.ForClient(via.Branch, cseq.Value.Method);
        if (cseq.Value.Method == "INVITE" && _transactions.FindInviteClient(key) is { } invite)
        {
            invite.Receive(response);
            return;
        }

        var tx = _transactions.FindClient(key);
        if (tx is null)
        {
            _stats.Stray();
            return;
        }

        tx.OnResponse(response);
    }

    private void RejectInvalid(SipRequest request, SipSource source, int status, string reason)
    {
        // §8.2: answer what can be answered; an ACK never gets a response, and without any Via
        // there is nobody to answer. A malformed Via still lets the 400 go back to the source
        // address; headers that are missing stay missing in the 400 (it copies what it has).
        if (request.Method == "ACK" || request.Headers.Get(HeaderNames.Via) is null)
        {
            _stats.Dropped();
            _options.Log?.Invoke($"dropped invalid {request.Method} from {source.Remote}: {reason}");
            return;
        }

        _stats.Answered();
        _stats.ResponseSent(status);
        var response = SipResponse.Create(request, status, SanitizeReason(reason), SipIds.NewTag());
        source.Sender.Send(SipSerializer.Serialize(response), ResponseRouting.TargetFor(request, source));
    }

    /// <summary>
    /// More Via entries than the default Max-Forwards (70) allows hops: no real path is that long,
    /// and every response would echo them all back, so the request is dropped and counted.
    /// </summary>
    private static bool TooManyHops(SipRequest request) => request.Headers.GetValues(HeaderNames.Via).Count > MaxVias;

    private const int MaxVias = 70;

    private static string SanitizeReason(string reason) =>
        string.Concat(reason.Where(c => c >= ' ' && c != 0x7F));

    private static void StampVia(SipRequest request, SipSource source)
    {
        var via = request.TopVia!;
        var sourceIp = source.Remote.Address.ToString();
        if (!via.HasRPort && string.Equals(Headers.HostPort.Unbracket(via.Host), sourceIp, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // RFC 3261 §18.2.1 and RFC 3581 §4: record where the request really came from.
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            if (!string.Equals(headers[i].Name, HeaderNames.Via, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var values = new List<string>();
            HeaderValueSplitter.Split(headers[i].Value, values);
            values[0] = via.WithSource(sourceIp, source.Remote.Port).ToString();
            headers.Replace(i, string.Join(", ", values));
            return;
        }
    }
}
