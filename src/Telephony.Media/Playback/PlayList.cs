using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Playback;

/// <summary>One queued play list: its items resolved to wire bytes, where playback stands, and how each item ended.</summary>
/// <remarks>Owned by <see cref="PlaybackQueue"/> and touched only under its lock, except <see cref="Complete"/>.</remarks>
internal sealed class PlayList
{
    /// <summary>An item as bytes to send: from <paramref name="Source"/> (looped when <paramref name="Loop"/>), or silence when null.</summary>
    private readonly record struct Segment(EncodedAudio? Source, long Length, bool Loop);

    private readonly Segment[] _segments;
    private readonly PlayedItem[] _results;
    private readonly TaskCompletionSource<IReadOnlyList<PlayedItem>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _index;
    private long _position;

    public PlayList(IReadOnlyList<PlayItem> items, AudioEncoding encoding)
    {
        _segments = new Segment[items.Count];
        _results = new PlayedItem[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            _segments[i] = Resolve(items[i], encoding);
            _results[i] = new PlayedItem(PlaybackResult.NotPlayed, TimeSpan.Zero);
        }

        SkipEmpty();
    }

    public Task<IReadOnlyList<PlayedItem>> Completion => _completion.Task;

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>Called once when the list's first bytes go out (then cleared); see <see cref="PlaybackQueue.PlayAsync"/>.</summary>
    public Action? FirstFrame { get; set; }

    /// <summary>Every item has an outcome.</summary>
    public bool Finished => _index >= _segments.Length;

    /// <summary>
    /// Every encoding puts 8 bytes per millisecond on the wire with an 8 kHz RTP clock, so lengths
    /// and positions are in bytes, which are also RTP timestamp units.
    /// </summary>
    private static long Bytes(TimeSpan duration) => duration.Ticks * 8000 / TimeSpan.TicksPerSecond;

    private static TimeSpan Time(long bytes) => TimeSpan.FromTicks(bytes * TimeSpan.TicksPerSecond / 8000);

    private static Segment Resolve(PlayItem item, AudioEncoding encoding)
    {
        var limit = item.Duration is { } d ? Bytes(d) : long.MaxValue;
        switch (item.Kind)
        {
            case PlayItemKind.Audio when item.Audio!.Encoding != encoding:
                // Bytes of another codec would reach the caller as noise: a flow bug, refused at once.
                throw new ArgumentException($"audio encoded as {item.Audio.Encoding} cannot play on a {encoding} call", nameof(item));
            case PlayItemKind.Audio:
                return new Segment(item.Audio, Math.Min(limit, item.Audio.Data.Length), Loop: false);
            case PlayItemKind.Tone:
                var audio = ToneAudio.Cached(item.Tone!, encoding);
                var loops = ToneAudio.Loops(item.Tone!);
                return new Segment(audio, loops ? limit : Math.Min(limit, audio.Data.Length), loops);
            default:
                return new Segment(null, limit == long.MaxValue ? 0 : limit, Loop: false);
        }
    }

    /// <summary>Copies the list's next bytes into <paramref name="destination"/>, crossing into following items; returns how many.</summary>
    public int Read(Span<byte> destination, ReadOnlySpan<byte> silence)
    {
        var written = 0;
        while (written < destination.Length && !Finished)
        {
            var segment = _segments[_index];
            var count = (int)Math.Min(destination.Length - written, segment.Length - _position);
            var chunk = destination.Slice(written, count);
            if (segment.Source is not { } source)
            {
                silence[..count].CopyTo(chunk);
            }
            else
            {
                CopyFrom(source.Data, segment.Loop, chunk);
            }

            written += count;
            _position += count;
            if (_position == segment.Length)
            {
                _results[_index] = new PlayedItem(PlaybackResult.Completed, Time(_position));
                _index++;
                _position = 0;
                SkipEmpty();
            }
        }

        return written;
    }

    private void CopyFrom(byte[] data, bool loop, Span<byte> chunk)
    {
        var at = loop ? _position % data.Length : _position;
        while (!chunk.IsEmpty)
        {
            var n = (int)Math.Min(chunk.Length, data.Length - at);
            data.AsSpan((int)at, n).CopyTo(chunk);
            chunk = chunk[n..];
            at = 0;
        }
    }

    /// <summary>Ends the list early: the current item gets <paramref name="result"/> with what it played, later items stay NotPlayed.</summary>
    public void End(PlaybackResult result)
    {
        if (Finished)
        {
            return;
        }

        _results[_index] = new PlayedItem(result, Time(_position));
        _index = _segments.Length;
    }

    /// <summary>Hands the results to the waiting flow; called outside the queue's lock.</summary>
    public void Complete()
    {
        Registration.Unregister();
        _completion.TrySetResult(_results);
    }

    private void SkipEmpty()
    {
        while (!Finished && _segments[_index].Length == 0)
        {
            _results[_index] = new PlayedItem(PlaybackResult.Completed, TimeSpan.Zero);
            _index++;
        }
    }
}
