using Telephony.Media.Codecs.G722;

namespace Telephony.Media.Codecs;

/// <summary>
/// The codec port of one stream direction: payload bytes to PCM at the codec's own rate and back
/// (G.711 at 8 kHz, G.722 at 16 kHz). Every codec we speak puts one byte on the wire per tick of
/// its 8 kHz RTP clock (RFC 3551 §4.5.2 for G.722), so byte counts are RTP durations.
/// </summary>
/// <remarks>G.722 is ADPCM: one instance per stream and direction, one thread. Nothing allocated after construction.</remarks>
internal sealed class PcmCodec
{
    private readonly G722Encoder? _encoder;
    private readonly G722Decoder? _decoder;

    public PcmCodec(AudioEncoding encoding)
    {
        Encoding = encoding;
        if (encoding == AudioEncoding.G722)
        {
            _encoder = new G722Encoder();
            _decoder = new G722Decoder();
        }
    }

    public AudioEncoding Encoding { get; }

    /// <summary>The rate of the PCM side: 16 kHz for G.722, else 8 kHz.</summary>
    public int SampleRate => Encoding == AudioEncoding.G722 ? G722.G722.SampleRate : 8000;

    /// <summary>PCM samples per payload byte (per RTP clock tick).</summary>
    public int SamplesPerByte => Encoding == AudioEncoding.G722 ? 2 : 1;

    /// <summary>Decodes <paramref name="payload"/>; returns the samples written (payload length × <see cref="SamplesPerByte"/>).</summary>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (_decoder is not null)
        {
            return _decoder.Decode(payload, pcm);
        }

        G711.Decode(Encoding, payload, pcm[..payload.Length]);
        return payload.Length;
    }

    /// <summary>Encodes <paramref name="pcm"/>; returns the bytes written (G.722 keeps an odd last sample for the next call).</summary>
    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (_encoder is not null)
        {
            return _encoder.Encode(pcm, payload);
        }

        G711.Encode(Encoding, pcm, payload[..pcm.Length]);
        return pcm.Length;
    }

    /// <summary>A new stream: ADPCM state starts afresh.</summary>
    public void Reset()
    {
        _encoder?.Reset();
        _decoder?.Reset();
    }
}
