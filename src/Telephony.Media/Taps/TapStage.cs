using Telephony.Media.Audio;

namespace Telephony.Media.Taps;

/// <summary>
/// The subscribers of one tap direction at one rate: the stream resampled to that rate and cut
/// into 20 ms frames, each frame written into every subscriber's ring.
/// </summary>
/// <remarks>Producer (one thread at a time) for <see cref="Publish"/>; subscribers change by copy-on-write from any thread.</remarks>
internal sealed class TapStage
{
    private readonly short[] _frame;
    private readonly short[] _scratch = new short[2 * StreamResampler.MaxInputSamples];
    private StreamResampler? _resampler;
    private int _filled;
    private uint _frameTimestamp;
    private bool _frameConcealed;
    private long _sequence;

    public TapStage(int sampleRate)
    {
        SampleRate = sampleRate;
        _frame = new short[sampleRate / 50];
    }

    public int SampleRate { get; }

    /// <summary>Who listens at this rate (replaced, never changed in place).</summary>
    public AudioTap[] Subscribers { get; set; } = [];

    /// <summary>
    /// <paramref name="pcm"/> at <paramref name="sourceRate"/>, its first sample at RTP time
    /// <paramref name="timestamp"/> (8 kHz clock); <paramref name="concealed"/> when it was made up.
    /// </summary>
    public void Publish(ReadOnlySpan<short> pcm, int sourceRate, uint timestamp, bool concealed)
    {
        var subscribers = Subscribers;
        if (subscribers.Length == 0)
        {
            return;
        }

        if (_resampler is null || _resampler.FromRate != sourceRate)
        {
            // Once per tap stage and stream format: the first frame, or a codec that changed.
            _resampler = new StreamResampler(sourceRate, SampleRate);
            _filled = 0;
        }

        while (pcm.Length > 0)
        {
            var chunk = pcm[..Math.Min(pcm.Length, StreamResampler.MaxInputSamples)];
            var n = _resampler.Process(chunk, _scratch);
            Frame(_scratch.AsSpan(0, n), timestamp, concealed, subscribers);
            timestamp += (uint)(chunk.Length * 8000 / sourceRate);
            pcm = pcm[chunk.Length..];
        }
    }

    private void Frame(ReadOnlySpan<short> samples, uint timestamp, bool concealed, AudioTap[] subscribers)
    {
        var offset = 0;
        while (offset < samples.Length)
        {
            if (_filled == 0)
            {
                _frameTimestamp = timestamp + (uint)(offset * 8000 / SampleRate);
                _frameConcealed = false;
            }

            var count = Math.Min(_frame.Length - _filled, samples.Length - offset);
            samples.Slice(offset, count).CopyTo(_frame.AsSpan(_filled));
            _frameConcealed |= concealed;
            _filled += count;
            offset += count;
            if (_filled == _frame.Length)
            {
                var info = new TapFrameInfo(_frameTimestamp, _sequence++, _frameConcealed);
                foreach (var tap in subscribers)
                {
                    tap.Write(_frame, info);
                }

                _filled = 0;
            }
        }
    }

    /// <summary>The stream broke (a new source, a bridge starting): the part-filled frame and the filter's history go.</summary>
    public void Discontinuity()
    {
        _filled = 0;
        _resampler?.Reset();
    }
}
