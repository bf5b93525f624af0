using Telephony.Sip.Messages;

namespace Telephony.Sip.Transactions;

/// <summary>How requests and responses are matched to transactions (RFC 3261 §17.1.3, §17.2.3).</summary>
public static class TransactionKeys
{
    /// <summary>
    /// The server transaction key: branch + sent-by + method (ACK folds into INVITE) for RFC 3261
    /// branches; for RFC 2543 peers, Call-ID + From tag + CSeq number + top Via + method.
    /// </summary>
    public static string ForServer(SipRequest request) => ForServer(request, request.Method == "ACK" ? "INVITE" : request.Method);

    /// <summary>The key of the server transaction with the same identifiers but method <paramref name="method"/> (CANCEL → INVITE).</summary>
    public static string ForServer(SipRequest request, string method)
    {
        var via = request.TopVia!;
        if (via.HasRfc3261Branch)
        {
            return string.Concat(via.Branch, "|", via.SentBy, "|", method);
        }

        var cseq = request.CSeq!.Value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('|', "2543", request.CallId, request.From?.Tag, cseq, via.ToString(), method);
    }

    /// <summary>The client transaction key: our branch + CSeq method.</summary>
    public static string ForClient(string branch, string method) => string.Concat(branch, "|", method);
}
