namespace Telephony.Calls.Events;

/// <summary>The events of all calls, for live watchers (SSE, metrics, later queues and campaigns).</summary>
public interface ICallEventStream
{
    /// <summary>
    /// The events after <paramref name="afterId"/> still in the buffer (all of them when null), then every new
    /// one, until <paramref name="cancel"/>. A watcher that falls too far behind is ended (the enumeration
    /// completes) rather than slowing calls; it reconnects with the last id it saw.
    /// </summary>
    IAsyncEnumerable<CallEvent> WatchAsync(long? afterId, CancellationToken cancel);
}
