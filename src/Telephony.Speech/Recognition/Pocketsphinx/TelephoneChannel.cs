using Telephony.Media.Audio;
using Telephony.Media.Codecs;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// What a recording sounds like after a phone call: resampled to 8 kHz, encoded and decoded with
/// G.711. The accuracy bar (docs/speech.md) and <c>telephony asr --telephone</c> measure
/// recognition through it.
/// </summary>
public static class TelephoneChannel
{
    /// <summary>The 8 kHz samples a call would deliver of <paramref name="samples"/> (at <paramref name="sampleRate"/>) over <paramref name="encoding"/>.</summary>
    public static short[] Through(short[] samples, int sampleRate, AudioEncoding encoding = AudioEncoding.Pcmu)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (encoding is not (AudioEncoding.Pcmu or AudioEncoding.Pcma))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "the telephone channel is G.711 (PCMU or PCMA)");
        }

        var narrow = Resampler.ToRate(samples, sampleRate, 8000);
        var codes = new byte[narrow.Length];
        var decoded = new short[narrow.Length];
        G711.Encode(encoding, narrow, codes);
        G711.Decode(encoding, codes, decoded);
        return decoded;
    }
}
