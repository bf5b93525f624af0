using Microsoft.Extensions.Logging;
using Telephony.Calls.Events;

namespace Telephony.Api.Hosting;

/// <summary>
/// Follows the call event stream for the API's own views (metrics, recently ended calls): one
/// watcher, resumed after the last event handled whenever the stream ends it for falling behind.
/// </summary>
/// <remarks>Handlers run one at a time on the follower's task, in id order; they must be quick and must not throw.</remarks>
internal sealed class EventFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;
    private long _lastId;

    public EventFollower(ICallEventStream events, IReadOnlyList<Action<CallEvent>> handlers, ILogger logger)
    {
        _task = Task.Run(() => FollowAsync(events, handlers, logger));
    }

    /// <summary>The id of the last event handled (0 before any).</summary>
    public long LastId => Interlocked.Read(ref _lastId);

    private async Task FollowAsync(ICallEventStream events, IReadOnlyList<Action<CallEvent>> handlers, ILogger logger)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                long? after = LastId == 0 ? null : LastId;
                await foreach (var e in events.WatchAsync(after, _stop.Token).ConfigureAwait(false))
                {
                    if (after is { } a && e.Id > a + 1 && LastId == a)
                    {
                        logger.LogWarning("http api: events {From} to {To} left the buffer before they were counted; call counters miss them", a + 1, e.Id - 1);
                    }

                    foreach (var handle in handlers)
                    {
                        handle(e);
                    }

                    Interlocked.Exchange(ref _lastId, e.Id);
                }

                // The stream ended us for falling behind: resume after the last event handled.
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The API's views must never take the server down; log and resume.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "http api: following call events failed; resuming");
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
