using System.Diagnostics;

namespace Telephony.Media.Rtp;

/// <summary>
/// Places the caller's RTP timestamps on the recording's timeline, whose sample 0 is the first
/// packet we sent, so both channels of a recording line up as they did on the wire.
/// </summary>
/// <remarks>
/// <para>
/// The anchor is taken from arrival times, never from when a packet happened to be processed:
/// the first packet of a call used to set it from our sent-sample count when it got through the
/// receive path, and in a fresh process that first pass (thread-pool dispatch, JIT of the decoder
/// and detector) took 30–100 ms on a loaded machine, which shifted the caller's whole channel
/// that much later. Of the packets seen before the anchor is first used, the one with the lowest
/// transit (arrival minus its timestamp) sets it: a packet that waited in the socket behind a slow
/// first pass has a higher transit than one that did not.
/// </para>
/// <para>
/// Our stream's position is read on the media clock (<see cref="OnOurPosition"/>): the time of a
/// tick and the sample position we sent at it. Caller audio that arrived before our first packet
/// maps to negative positions, which the recorder drops: the recording starts with our stream.
/// Thread-safe (one small lock; no allocation).
/// </remarks>
internal sealed class CallerTimeline
{
    private const int SampleRate = 8000;

    private readonly Lock _lock = new();
    private bool _haveReading;
    private long _readingTime;
    private long _readingPosition;
    private bool _haveStream;
    private int _epoch;
    private uint _firstTimestamp;
    private double _anchorTime;
    private bool _anchored;
    private long _anchorPosition;

    /// <summary>On the clock thread: at <paramref name="timestamp"/> (Stopwatch) our stream is at sample <paramref name="position"/>.</summary>
    public void OnOurPosition(long position, long timestamp)
    {
        lock (_lock)
        {
            _haveReading = true;
            _readingTime = timestamp;
            _readingPosition = position;
        }
    }

    /// <summary>
    /// A caller packet arrived at <paramref name="arrival"/> (Stopwatch); returns the number of the
    /// timeline it belongs to. A new timeline starts with the first packet, a new source, or a
    /// timestamp more than <see cref="MaxTransitStepSeconds"/> away from where its arrival puts it
    /// (a sender that restarted its clock). Delay is not a new timeline: a stalled sender or a slower
    /// path delays packets by far less, and silence suppression moves the timestamps with the clock,
    /// so the caller's audio stays placed by its own timestamps, contiguous.
    /// </summary>
    public int OnArrival(uint rtpTimestamp, long arrival, bool newSource)
    {
        lock (_lock)
        {
            if (_haveStream && !newSource)
            {
                // When the stream's first timestamp would have arrived had this packet's transit been the only one.
                var start = arrival - ((double)Offset(rtpTimestamp) * Stopwatch.Frequency / SampleRate);
                if (Math.Abs(start - _anchorTime) <= MaxTransitStepSeconds * Stopwatch.Frequency)
                {
                    if (!_anchored)
                    {
                        _anchorTime = Math.Min(_anchorTime, start);
                    }

                    return _epoch;
                }
            }

            _haveStream = true;
            _epoch++;
            _anchored = false;
            _firstTimestamp = rtpTimestamp;
            _anchorTime = arrival;
            return _epoch;
        }
    }

    /// <summary>A timestamp this far from where arrival puts it starts a new timeline.</summary>
    public const double MaxTransitStepSeconds = 2;

    /// <summary>
    /// The recording position of the caller's sample at <paramref name="rtpTimestamp"/> of stream
    /// <paramref name="epoch"/>; false before any caller packet or any tick of ours, or when a newer
    /// stream has begun. The first call fixes the anchor for this stream, so consecutive frames stay
    /// exactly contiguous.
    /// </summary>
    public bool TryPosition(uint rtpTimestamp, int epoch, out long position)
    {
        lock (_lock)
        {
            position = 0;
            if (!_haveStream || !_haveReading || epoch != _epoch)
            {
                return false;
            }

            if (!_anchored)
            {
                _anchored = true;
                _anchorPosition = _readingPosition - (long)Math.Round((_readingTime - _anchorTime) * SampleRate / Stopwatch.Frequency);
            }

            position = _anchorPosition + Offset(rtpTimestamp);
            return true;
        }
    }

    /// <summary>Signed distance from the stream's first timestamp (a packet reordered before it is slightly negative).</summary>
    private long Offset(uint rtpTimestamp) => unchecked((int)(rtpTimestamp - _firstTimestamp));
}
