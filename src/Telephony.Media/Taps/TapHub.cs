namespace Telephony.Media.Taps;

/// <summary>
/// The taps of one direction of one call: who listens, at which rates. Costs one volatile read
/// per frame while nobody listens.
/// </summary>
/// <remarks>
/// <see cref="Publish"/> runs on the producing media thread (one at a time); subscribing and
/// disposing taps from any thread, under a lock the producer never takes.
/// </remarks>
internal sealed class TapHub
{
    private readonly Lock _lock = new();
    private TapStage? _narrow;
    private TapStage? _wide;
    private int _count;
    private bool _completed;

    public TapHub(TapDirection direction) => Direction = direction;

    public TapDirection Direction { get; }

    /// <summary>Whether any tap listens (the jitter buffer and decoding exist only then).</summary>
    public bool HasSubscribers => Volatile.Read(ref _count) > 0;

    /// <exception cref="ArgumentOutOfRangeException">A rate other than 8000 or 16000, or a capacity under 1 or over 3000 frames (a minute).</exception>
    /// <exception cref="ObjectDisposedException">The call's media has ended.</exception>
    public AudioTap Subscribe(int sampleRate, int capacityFrames)
    {
        if (sampleRate is not (8000 or 16000))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "taps deliver 8000 or 16000 Hz");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(capacityFrames, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacityFrames, 3000);
        var tap = new AudioTap(Direction, sampleRate, capacityFrames, Unsubscribe);
        lock (_lock)
        {
            if (_completed)
            {
                tap.Complete();
                throw new ObjectDisposedException(nameof(TapHub), "the call's media has ended");
            }

            var stage = sampleRate == 8000 ? _narrow ??= new TapStage(8000) : _wide ??= new TapStage(16000);
            stage.Subscribers = [.. stage.Subscribers, tap];
            Volatile.Write(ref _count, _count + 1);
        }

        return tap;
    }

    private void Unsubscribe(AudioTap tap)
    {
        lock (_lock)
        {
            var stage = tap.SampleRate == 8000 ? _narrow : _wide;
            if (stage is null || Array.IndexOf(stage.Subscribers, tap) < 0)
            {
                return;
            }

            stage.Subscribers = [.. stage.Subscribers.Where(t => !ReferenceEquals(t, tap))];
            Volatile.Write(ref _count, _count - 1);
        }
    }

    /// <summary>Producer: PCM at <paramref name="sourceRate"/> whose first sample is at RTP time <paramref name="timestamp"/>.</summary>
    public void Publish(ReadOnlySpan<short> pcm, int sourceRate, uint timestamp, bool concealed)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            return;
        }

        Volatile.Read(ref _narrow)?.Publish(pcm, sourceRate, timestamp, concealed);
        Volatile.Read(ref _wide)?.Publish(pcm, sourceRate, timestamp, concealed);
    }

    /// <summary>Producer: the stream broke; partial frames go.</summary>
    public void Discontinuity()
    {
        Volatile.Read(ref _narrow)?.Discontinuity();
        Volatile.Read(ref _wide)?.Discontinuity();
    }

    /// <summary>The call ended: every tap is completed, new subscriptions are refused.</summary>
    public void Complete()
    {
        AudioTap[] taps;
        lock (_lock)
        {
            _completed = true;
            taps = [.. _narrow?.Subscribers ?? [], .. _wide?.Subscribers ?? []];
            if (_narrow is not null)
            {
                _narrow.Subscribers = [];
            }

            if (_wide is not null)
            {
                _wide.Subscribers = [];
            }

            Volatile.Write(ref _count, 0);
        }

        foreach (var tap in taps)
        {
            tap.Complete();
        }
    }
}
