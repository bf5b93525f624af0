namespace Telephony.Calls.Cdr;

/// <summary>Where calls' records go (the durable store in Telephony.Storage): opened when a leg starts, updated when answered, completed when it ends.</summary>
public interface ICdrSink
{
    /// <summary>Queues a record for writing; never blocks the call on I/O. Completes the leg's open record, if <see cref="OpenAsync"/> wrote one.</summary>
    void Write(CallDetailRecord record);

    /// <summary>
    /// Writes the intent before the side effect: the record of a leg that starts (cause
    /// <c>in-progress</c>): an outbound leg whose INVITE is about to go out, an inbound call about to
    /// be answered. Queued at once, in order with the leg's later writes; durable when the task
    /// completes, so a crash leaves the call on record. A sink that keeps nothing durable completes at once.
    /// </summary>
    Task OpenAsync(CallDetailRecord intent) => Task.CompletedTask;

    /// <summary>Queues an update of the leg's open record as it progresses (answered: time, status, codec); never blocks.</summary>
    void Progress(CallDetailRecord record)
    {
    }
}
