using Telephony.Media.Codecs;
using Telephony.Media.Taps;

namespace Telephony.Media.Rtp;

/// <summary>
/// Our RTP stream to one peer: SSRC, sequence number and timestamp, and the header on every packet,
/// whoever fills it: the call's playout on the clock thread, or a bridge relaying the other leg's
/// media on that leg's receive path. Every audio packet sent is also offered to the
/// <see cref="TapDirection.Sent"/> taps (decoded only while one listens).
/// </summary>
/// <remarks>
/// <para>
/// The timestamp follows the sampling clock (RFC 3550 §5.1): the media clock advances it every
/// packet slot whether or not a packet goes out; the sequence number moves only per packet sent.
/// A bridge stamps relayed packets on this same timeline, so a stream goes from prompt to relayed
/// audio and back without the peer seeing a new source.
/// </para>
/// <para>
/// One lock, taken once per packet (uncontended but for the moment a bridge takes over or hands
/// back), guards the counters and the preallocated packet buffer. Nothing allocated per packet.
/// </para>
/// </remarks>
internal sealed class RtpOutgoingStream
{
    /// <summary>The largest payload we send: 60 ms of any of our codecs.</summary>
    public const int MaxPayloadBytes = 8 * 60;

    private readonly Lock _lock = new();
    private readonly RtpTransport _transport;
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + MaxPayloadBytes];
    private readonly short[] _tapPcm = new short[2 * MaxPayloadBytes];
    private PcmCodec? _tapDecoder;
    private AudioEncoding _encoding;
    private int _audioPayloadType;
    private ushort _sequence;
    private uint _timestamp;
    private bool _markNext = true;

    public RtpOutgoingStream(RtpTransport transport, uint ssrc, ushort firstSequence, uint firstTimestamp)
    {
        _transport = transport;
        Ssrc = ssrc;
        _sequence = firstSequence;
        _timestamp = firstTimestamp;
    }

    public uint Ssrc { get; }

    /// <summary>What we send, decoded, to any number of subscribers (nothing while on hold: nothing is sent).</summary>
    public TapHub Taps { get; } = new(TapDirection.Sent);

    /// <summary>The timestamp of the next packet slot (written under the lock, read without: a 32-bit read is atomic).</summary>
    public uint Timestamp => Volatile.Read(ref _timestamp);

    public AudioEncoding Encoding => _encoding;

    public void Configure(AudioEncoding encoding, int audioPayloadType)
    {
        lock (_lock)
        {
            (_encoding, _audioPayloadType) = (encoding, audioPayloadType);
            _tapDecoder = null;
        }
    }

    /// <summary>Clock thread: one packet slot of <paramref name="samples"/> RTP ticks has passed.</summary>
    public void Advance(int samples)
    {
        lock (_lock)
        {
            Volatile.Write(ref _timestamp, _timestamp + (uint)samples);
        }
    }

    /// <summary>The next packet starts a talk spurt (RFC 3551 §4.1): after a pause, or a change of who fills the stream.</summary>
    public void MarkNext()
    {
        lock (_lock)
        {
            _markNext = true;
        }
    }

    /// <summary>
    /// A bridge has stopped relaying; <paramref name="relayedEnd"/> is where its last packet ended.
    /// The slot timeline never falls behind what was relayed (the other leg's clock may run a little
    /// fast), and the playout's first packet carries the marker.
    /// </summary>
    public void ResumeAfter(uint? relayedEnd)
    {
        lock (_lock)
        {
            if (relayedEnd is { } end && (int)(end - _timestamp) > 0)
            {
                Volatile.Write(ref _timestamp, end);
            }

            _markNext = true;
        }
    }

    /// <summary>
    /// Sends one packet of this stream: <paramref name="payload"/> with our SSRC, the next sequence
    /// number and <paramref name="timestamp"/>. False when nothing went out (on hold, a socket error).
    /// </summary>
    public bool Send(int payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > MaxPayloadBytes)
        {
            return false;
        }

        lock (_lock)
        {
            new RtpHeader(_markNext || marker, (byte)payloadType, _sequence, timestamp, Ssrc).TryWrite(_packet, out _);
            payload.CopyTo(_packet.AsSpan(RtpHeader.FixedLength));
            _markNext = false;
            _sequence++;
            var sent = _transport.Send(_packet.AsSpan(0, RtpHeader.FixedLength + payload.Length));
            if (sent && payloadType == _audioPayloadType && Taps.HasSubscribers)
            {
                // Decoded only for listeners; the decoder follows our stream from the first packet they hear.
                var decoder = _tapDecoder ??= new PcmCodec(_encoding);
                var n = decoder.Decode(payload, _tapPcm);
                Taps.Publish(_tapPcm.AsSpan(0, n), decoder.SampleRate, timestamp, concealed: false);
            }

            return sent;
        }
    }
}
