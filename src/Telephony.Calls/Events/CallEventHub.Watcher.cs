using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Telephony.Calls.Events;

/// <summary>One watcher's side of the hub: its bounded queue and the enumeration that drains it.</summary>
public sealed partial class CallEventHub
{
    private async IAsyncEnumerable<CallEvent> ReadAsync(long? afterId, [EnumeratorCancellation] CancellationToken cancel)
    {
        var (watcher, replay) = Register(afterId);
        try
        {
            foreach (var e in replay)
            {
                cancel.ThrowIfCancellationRequested();
                yield return e;
            }

            var reader = watcher.Channel.Reader;
            while (await reader.WaitToReadAsync(cancel).ConfigureAwait(false))
            {
                while (reader.TryRead(out var e))
                {
                    yield return e;
                }
            }
        }
        finally
        {
            // Disconnect, cancellation or overrun: the hub stops offering events to this watcher.
            Remove(watcher);
        }
    }

    private sealed class Watcher(Channel<CallEvent> channel)
    {
        public Channel<CallEvent> Channel { get; } = channel;
    }
}
