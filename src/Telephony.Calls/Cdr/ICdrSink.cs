namespace Telephony.Calls.Cdr;

/// <summary>Where finished calls' records go (the durable store in Telephony.Storage).</summary>
public interface ICdrSink
{
    /// <summary>Queues a record for writing; never blocks the call on I/O. Completes the leg's open record, if <see cref="OpenAsync"/> wrote one.</summary>
    void Write(CallDetailRecord record);

    /// <summary>
    /// Writes the intent before the side effect: the record of an outbound leg whose INVITE is
    /// about to go out (cause <c>in-progress</c>), durable when the task completes, so a crash
    /// leaves the attempt on record. A sink that keeps nothing durable completes at once.
    /// </summary>
    Task OpenAsync(CallDetailRecord intent) => Task.CompletedTask;
}
