using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Playback;

/// <summary>
/// What one call plays: play lists in order, each an ordered list of audio, tones and silence.
/// A passive port (pjmedia's <c>get_frame</c>): the media clock pulls one frame per packet time
/// through <see cref="ReadFrame"/>; nothing here has a timer or thread.
/// </summary>
/// <remarks>
/// <para>
/// Items follow each other within a frame, so a list plays without gaps. <see cref="Pause"/>,
/// <see cref="Resume"/> and <see cref="Stop"/> change state at once and the next frame reflects it,
/// so they take effect within one packet time. Each list's task completes with how every item
/// ended and how much of it was sent.
/// </para>
/// <para>
/// Thread safety: the flow's methods may be called from any thread; <see cref="ReadFrame"/> from one
/// thread at a time (the clock). State is shared under one lock held for a copy of at most one
/// frame; <see cref="ReadFrame"/> allocates nothing and completes finished lists after the lock.
/// </para>
/// </remarks>
public sealed class PlaybackQueue
{
    /// <summary>The largest frame: 60 ms (the longest ptime) at 8 bytes per ms.</summary>
    public const int MaxFrameBytes = 480;

    private readonly Lock _lock = new();
    private readonly List<PlayList> _lists = [];
    private readonly List<PlayList> _finished = new(4);
    private readonly List<Action> _started = new(2);
    private AudioEncoding _encoding;
    private byte[] _silence = [];
    private bool _paused;
    private bool _closed;

    public PlaybackQueue(AudioEncoding encoding = AudioEncoding.Pcmu) => SetEncoding(encoding);

    /// <summary>The call's codec: queued tones are rendered in it, idle frames carry its silence.</summary>
    public AudioEncoding Encoding
    {
        get
        {
            lock (_lock)
            {
                return _encoding;
            }
        }
    }

    /// <summary>Whether something is queued or playing (paused or not).</summary>
    public bool IsPlaying
    {
        get
        {
            lock (_lock)
            {
                return _lists.Count > 0;
            }
        }
    }

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _paused;
            }
        }
    }

    /// <summary>Sets the codec once it is negotiated (a delayed offer learns it late); before anything is queued.</summary>
    public void SetEncoding(AudioEncoding encoding)
    {
        var silence = SilenceFrames.Of(encoding);
        lock (_lock)
        {
            _encoding = encoding;
            _silence = silence;
        }
    }

    /// <summary>
    /// Queues <paramref name="items"/> after what is queued, or with <paramref name="replace"/> in
    /// place of it (the replaced lists end as stopped). Completes when the list has played, is
    /// stopped, or is cancelled (the call ended or <paramref name="cancellationToken"/> fired), with
    /// one result per item. <paramref name="firstFrame"/>, when given, is called once on the clock
    /// thread, just after the frame carrying the list's first bytes was read for sending (the
    /// moment its first packet leaves); it must be quick and must not block.
    /// </summary>
    /// <exception cref="ArgumentException">Audio encoded for another codec than the call's.</exception>
    public Task<IReadOnlyList<PlayedItem>> PlayAsync(IReadOnlyList<PlayItem> items, bool replace = false, CancellationToken cancellationToken = default) =>
        PlayAsync(items, replace, null, cancellationToken);

    /// <inheritdoc cref="PlayAsync(IReadOnlyList{PlayItem}, bool, CancellationToken)"/>
    public Task<IReadOnlyList<PlayedItem>> PlayAsync(IReadOnlyList<PlayItem> items, bool replace, Action? firstFrame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = new PlayList(items, Encoding) { FirstFrame = firstFrame };
        if (cancellationToken.IsCancellationRequested)
        {
            list.End(PlaybackResult.Cancelled);
        }
        else if (cancellationToken.CanBeCanceled)
        {
            // Registered before the list is queued: a token firing in between ends the list, which is then never queued.
            list.Registration = cancellationToken.Register(static state => { var (queue, l) = ((PlaybackQueue, PlayList))state!; queue.Cancel(l); }, (this, list));
        }

        List<PlayList>? replaced = null;
        lock (_lock)
        {
            if (_closed)
            {
                list.End(PlaybackResult.Cancelled);
            }

            if (!list.Finished)
            {
                if (replace)
                {
                    replaced = EndAll(PlaybackResult.Stopped);
                }

                _lists.Add(list);
            }
        }

        CompleteAll(replaced);
        if (list.Finished)
        {
            list.Complete();
        }

        return list.Completion;
    }

    /// <summary>Holds playback where it is: from the next frame nothing is sent until <see cref="Resume"/>. False when nothing is playing.</summary>
    public bool Pause()
    {
        lock (_lock)
        {
            _paused = _lists.Count > 0;
            return _paused;
        }
    }

    /// <summary>Continues a paused playback from where it stood, at the next frame. False when it was not paused.</summary>
    public bool Resume()
    {
        lock (_lock)
        {
            var was = _paused;
            _paused = false;
            return was;
        }
    }

    /// <summary>Stops what plays and drops what is queued: the current items end as stopped, later ones as not played. The next frame is silence.</summary>
    public void Stop()
    {
        List<PlayList> stopped;
        lock (_lock)
        {
            stopped = EndAll(PlaybackResult.Stopped);
        }

        CompleteAll(stopped);
    }

    /// <summary>The call ended: everything queued ends as cancelled, and so will anything queued later.</summary>
    public void Close()
    {
        List<PlayList> cancelled;
        lock (_lock)
        {
            _closed = true;
            cancelled = EndAll(PlaybackResult.Cancelled);
        }

        CompleteAll(cancelled);
    }

    /// <summary>
    /// On the clock thread, once per packet time: fills <paramref name="frame"/> (at most
    /// <see cref="MaxFrameBytes"/>) with the next audio, or silence when idle; writes nothing when paused.
    /// </summary>
    public PlayoutStatus ReadFrame(Span<byte> frame)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frame.Length, MaxFrameBytes);
        var written = 0;
        lock (_lock)
        {
            if (_paused)
            {
                return PlayoutStatus.Paused;
            }

            while (written < frame.Length && _lists.Count > 0)
            {
                var list = _lists[0];
                var read = list.Read(frame[written..], _silence);
                written += read;
                if (read > 0 && list.FirstFrame is { } first)
                {
                    list.FirstFrame = null;
                    _started.Add(first);
                }

                if (list.Finished)
                {
                    _lists.RemoveAt(0);
                    _finished.Add(list);
                }
            }

            _silence.AsSpan(0, frame.Length - written).CopyTo(frame[written..]);
        }

        foreach (var first in _started)
        {
            first();
        }

        _started.Clear();
        foreach (var list in _finished)
        {
            list.Complete();
        }

        _finished.Clear();
        return written > 0 ? PlayoutStatus.Audio : PlayoutStatus.Idle;
    }

    private void Cancel(PlayList list)
    {
        lock (_lock)
        {
            _lists.Remove(list);
            list.End(PlaybackResult.Cancelled);
            _paused &= _lists.Count > 0;
        }

        list.Complete();
    }

    /// <summary>Under the lock: ends every list with <paramref name="result"/> for its current item and empties the queue.</summary>
    private List<PlayList> EndAll(PlaybackResult result)
    {
        var ended = new List<PlayList>(_lists);
        foreach (var list in ended)
        {
            list.End(result);
        }

        _lists.Clear();
        _paused = false;
        return ended;
    }

    private static void CompleteAll(List<PlayList>? lists)
    {
        if (lists is null)
        {
            return;
        }

        foreach (var list in lists)
        {
            list.Complete();
        }
    }
}
