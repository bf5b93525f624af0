using System.Collections.Concurrent;

namespace Telephony.Sip.Transactions;

/// <summary>Live server and client transactions by key; each removes itself when it terminates.</summary>
/// <remarks>Lookups are O(1) dictionary hits: no scan of pending transactions under a lock. Thread-safe.</remarks>
public sealed class TransactionTable
{
    private readonly ConcurrentDictionary<string, ServerTransaction> _server = new();
    private readonly ConcurrentDictionary<string, NonInviteClientTransaction> _client = new();
    private readonly ConcurrentDictionary<string, InviteClientTransaction> _inviteClient = new();
    private readonly ConcurrentDictionary<string, ServerTransaction> _merge = new();

    public int ServerCount => _server.Count;

    public int ClientCount => _client.Count + _inviteClient.Count;

    public ServerTransaction? FindServer(string key) => _server.GetValueOrDefault(key);

    public NonInviteClientTransaction? FindClient(string key) => _client.GetValueOrDefault(key);

    /// <summary>Adds <paramref name="tx"/>, or returns the transaction that won a race for its key.</summary>
    internal ServerTransaction GetOrAdd(ServerTransaction tx) => _server.GetOrAdd(tx.Key, tx);

    /// <summary>
    /// Records an out-of-dialog request by (Call-ID, From tag, CSeq); false when another live
    /// transaction already holds that identity: a merged request (RFC 3261 §8.2.2.2).
    /// </summary>
    internal bool TryClaimMerge(ServerTransaction tx)
    {
        var request = tx.Request;
        if (request.To?.Tag is not null || request.Method is "ACK" or "CANCEL" || request.From?.Tag is not { } fromTag)
        {
            return true;
        }

        var key = string.Concat(request.CallId, "|", fromTag, "|", request.CSeq!.Value.ToString());
        tx.MergeKey = key;
        return ReferenceEquals(_merge.GetOrAdd(key, tx), tx);
    }

    internal void Add(NonInviteClientTransaction tx) => _client[tx.Key] = tx;

    internal void Add(InviteClientTransaction tx) => _inviteClient[tx.Key] = tx;

    public InviteClientTransaction? FindInviteClient(string key) => _inviteClient.GetValueOrDefault(key);

    internal void Remove(object tx)
    {
        switch (tx)
        {
            case ServerTransaction s:
                _server.TryRemove(new KeyValuePair<string, ServerTransaction>(s.Key, s));
                if (s.MergeKey is { } mergeKey)
                {
                    _merge.TryRemove(new KeyValuePair<string, ServerTransaction>(mergeKey, s));
                }

                break;
            case NonInviteClientTransaction c:
                _client.TryRemove(new KeyValuePair<string, NonInviteClientTransaction>(c.Key, c));
                break;
            case InviteClientTransaction i:
                _inviteClient.TryRemove(new KeyValuePair<string, InviteClientTransaction>(i.Key, i));
                break;
        }
    }
}
