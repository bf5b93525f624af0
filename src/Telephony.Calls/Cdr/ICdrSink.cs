namespace Telephony.Calls.Cdr;

/// <summary>Where finished calls' records go (the durable store in Telephony.Storage).</summary>
public interface ICdrSink
{
    /// <summary>Queues a record for writing; never blocks the call on I/O.</summary>
    void Write(CallDetailRecord record);
}
