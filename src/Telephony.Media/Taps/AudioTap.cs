using System.Threading.Tasks.Sources;

namespace Telephony.Media.Taps;

/// <summary>
/// One subscriber's view of a call's audio: 20 ms frames at the rate it asked for, in its own
/// bounded ring. The media side never waits for it: when the ring is full the new frame is dropped
/// and counted (<see cref="Dropped"/>, <see cref="AudioTaps.TotalDropped"/>).
/// </summary>
/// <remarks>
/// <para>
/// Single reader: one task reads a tap (<see cref="WaitToReadAsync"/> then <see cref="TryRead"/>
/// until it returns false); the producer is the media side. The ring is preallocated; the producer
/// takes no lock and allocates nothing, and wakes a waiting reader through a reusable value-task
/// source whose continuation runs on the thread pool, never on the media thread.
/// </para>
/// <para>Dispose to detach: the call stops producing for this tap at once and a pending wait returns false.</para>
/// </remarks>
public sealed class AudioTap : IDisposable, IValueTaskSource<bool>
{
    private readonly short[] _samples;
    private readonly TapFrameInfo[] _infos;
    private readonly Action<AudioTap> _detach;
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _cancellation;
    private long _written;
    private long _read;
    private long _dropped;
    private int _waiting;
    private int _disposed;

    internal AudioTap(TapDirection direction, int sampleRate, int capacityFrames, Action<AudioTap> detach)
    {
        Direction = direction;
        SampleRate = sampleRate;
        FrameSamples = sampleRate / 50;
        Capacity = capacityFrames;
        _samples = new short[capacityFrames * FrameSamples];
        _infos = new TapFrameInfo[capacityFrames];
        _detach = detach;
        AudioTaps.CountSubscribed(1);
    }

    public TapDirection Direction { get; }

    /// <summary>8000 or 16000.</summary>
    public int SampleRate { get; }

    /// <summary>Samples in one 20 ms frame: 160 at 8 kHz, 320 at 16 kHz.</summary>
    public int FrameSamples { get; }

    /// <summary>Frames the ring holds.</summary>
    public int Capacity { get; }

    /// <summary>Frames put into this tap's ring (read or still waiting).</summary>
    public long Delivered => Volatile.Read(ref _written);

    /// <summary>Frames lost because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames waiting to be read.</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>
    /// Completes true when a frame can be read, false when the tap was disposed (or the call ended) and all is read.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (Count > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return new ValueTask<bool>(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        _cancellation.Dispose();
        _waiter.Reset();
        Volatile.Write(ref _waiting, 1);

        // A frame (or the dispose) that came between the check and the flag: take the wait back.
        if ((Count > 0 || Volatile.Read(ref _disposed) != 0) && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            return new ValueTask<bool>(Count > 0);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((AudioTap)state!).Cancel(token), this);
        }

        return new ValueTask<bool>(this, _waiter.Version);
    }

    /// <summary>Copies the oldest frame into <paramref name="frame"/> (at least <see cref="FrameSamples"/> long); false when none is waiting.</summary>
    /// <exception cref="ArgumentException"><paramref name="frame"/> is shorter than a frame.</exception>
    public bool TryRead(Span<short> frame, out TapFrameInfo info)
    {
        if (frame.Length < FrameSamples)
        {
            throw new ArgumentException($"a frame is {FrameSamples} samples", nameof(frame));
        }

        var read = Volatile.Read(ref _read);
        if (read == Volatile.Read(ref _written))
        {
            info = default;
            return false;
        }

        var slot = (int)(read % Capacity);
        _samples.AsSpan(slot * FrameSamples, FrameSamples).CopyTo(frame);
        info = _infos[slot];
        Volatile.Write(ref _read, read + 1);
        return true;
    }

    /// <summary>Producer side (one thread at a time): the frame goes into the ring, or is dropped when it is full.</summary>
    internal void Write(ReadOnlySpan<short> frame, in TapFrameInfo info)
    {
        var written = _written;
        if (written - Volatile.Read(ref _read) >= Capacity)
        {
            Interlocked.Increment(ref _dropped);
            AudioTaps.CountDropped();
            return;
        }

        var slot = (int)(written % Capacity);
        frame.CopyTo(_samples.AsSpan(slot * FrameSamples, FrameSamples));
        _infos[slot] = info;
        Volatile.Write(ref _written, written + 1);
        AudioTaps.CountDelivered();
        Wake(true);
    }

    private void Wake(bool result)
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _waiter.SetResult(result);
        }
    }

    private void Cancel(CancellationToken token)
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _waiter.SetException(new OperationCanceledException(token));
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    /// <summary>Detaches from the call; frames already in the ring can still be read.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _detach(this);
        AudioTaps.CountSubscribed(-1);
        Wake(Count > 0);
        _cancellation.Dispose();
    }

    /// <summary>The call ended: the tap gets no more frames; its reader sees the end once it has read what is left.</summary>
    internal void Complete()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AudioTaps.CountSubscribed(-1);
            Wake(Count > 0);
        }
    }
}
