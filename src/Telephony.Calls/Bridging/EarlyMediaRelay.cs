namespace Telephony.Calls.Bridging;

/// <summary>
/// A bridged transfer's target sent early media (183 with SDP): the caller hears it instead of our
/// ringback, through a media bridge made at once. Handed to the bridge when the target answers,
/// disposed (the caller's playout given back) when it does not.
/// </summary>
internal sealed class EarlyMediaRelay(Call caller, CallServices services) : IAsyncDisposable
{
    private IMediaBridge? _media;

    /// <summary>From the agent leg, on a SIP thread.</summary>
    public void OnEarlyMedia(Call agent)
    {
        if (services.MediaBridges is not { } factory)
        {
            services.CallLog?.Invoke($"call {caller.CallId}: early media from {agent.CallId} not relayed (no media bridge); ringback goes on");
            return;
        }

        try
        {
            caller.StopPlayback();
            var media = factory.Create(caller.MediaLeg(), agent.MediaLeg());
            if (Interlocked.CompareExchange(ref _media, media, null) is not null)
            {
                _ = media.DisposeAsync().AsTask();
            }
        }
#pragma warning disable CA1031 // Early media is a nicety: a failure leaves the caller on ringback, logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            services.Log?.Invoke($"call {caller.CallId}: early media from {agent.CallId} not relayed: {e.Message}");
        }
    }

    /// <summary>The relay for the bridge to keep; null when there was no early media.</summary>
    public IMediaBridge? Take() => Interlocked.Exchange(ref _media, null);

    public async ValueTask DisposeAsync()
    {
        if (Take() is { } media)
        {
            await media.DisposeAsync();
        }
    }
}
