using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Sip.Transactions;

/// <summary>What server transactions share: the request, where responses go, and termination.</summary>
/// <remarks>All state changes happen under <see cref="Sync"/>; timers and receive threads both enter it.</remarks>
public abstract class ServerTransaction
{
    protected ServerTransaction(TransactionContext context, string key, SipRequest request, SipSource source)
    {
        Context = context;
        Key = key;
        Request = request;
        Source = source;
        ResponseTarget = ResponseRouting.TargetFor(request, source);
    }

    public string Key { get; }

    public SipRequest Request { get; }

    public SipSource Source { get; }

    /// <summary>Where responses are sent (RFC 3261 §18.2.2 with RFC 3581 rport).</summary>
    public IPEndPoint ResponseTarget { get; }

    /// <summary>The transaction user's object for this request (e.g. the incoming call), for CANCEL matching.</summary>
    public object? Owner { get; set; }

    public bool IsTerminated { get; private set; }

    /// <summary>The merged-request identity this transaction holds, if any.</summary>
    internal string? MergeKey { get; set; }

    protected TransactionContext Context { get; }

    protected Lock Sync { get; } = new();

    protected bool IsReliable => Source.IsReliable;

    /// <summary>Sends a response within the transaction. Returns false when its state no longer allows one.</summary>
    public abstract bool SendResponse(SipResponse response);

    /// <summary>The same request arrived again.</summary>
    internal abstract void OnRetransmission();

    protected void Transmit(byte[] bytes) => Source.Sender.Send(bytes, ResponseTarget);

    protected void Terminate()
    {
        lock (Sync)
        {
            if (IsTerminated)
            {
                return;
            }

            IsTerminated = true;
        }

        Context.OnTerminated(this);
    }
}
