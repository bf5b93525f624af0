using Telephony.Media.Codecs;
using Telephony.Media.Codecs.G722;

namespace Telephony.Media.Rtp;

/// <summary>
/// Decodes one stream's packets (G.711, or G.722 brought down to 8 kHz) into 8 kHz PCM, the rate
/// the in-band detector and the recording work at.
/// </summary>
/// <remarks>
/// One instance per direction: G.722 is ADPCM, its decoder state follows one stream. Not
/// thread-safe; no allocation after construction.
/// </remarks>
internal sealed class Pcm8kDecoder
{
    /// <summary>The longest packet we negotiate (60 ms) in bytes, and the 16 kHz samples G.722 decodes it to.</summary>
    public const int MaxPayloadBytes = 8 * 60;

    private readonly AudioEncoding _encoding;
    private readonly G722Decoder? _g722;
    private readonly short[] _pcm16k;

    public Pcm8kDecoder(AudioEncoding encoding)
    {
        _encoding = encoding;
        _g722 = encoding == AudioEncoding.G722 ? new G722Decoder() : null;
        _pcm16k = _g722 is null ? [] : new short[2 * MaxPayloadBytes];
    }

    /// <summary>Decodes <paramref name="payload"/> into <paramref name="pcm8k"/>; returns the sample count (0 for a packet longer than we negotiate).</summary>
    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm8k)
    {
        if (payload.Length > MaxPayloadBytes || pcm8k.Length < payload.Length)
        {
            return 0;
        }

        if (_g722 is null)
        {
            G711.Decode(_encoding, payload, pcm8k);
            return payload.Length;
        }

        var n = _g722.Decode(payload, _pcm16k) / 2;
        for (var i = 0; i < n; i++)
        {
            // 16 kHz to 8 kHz: DTMF and the 8 kHz recording keep what lies below 3.4 kHz; averaging pairs is filter enough.
            pcm8k[i] = (short)((_pcm16k[2 * i] + _pcm16k[(2 * i) + 1]) / 2);
        }

        return n;
    }

    /// <summary>A new stream starts from a clean ADPCM state.</summary>
    public void Reset() => _g722?.Reset();
}
