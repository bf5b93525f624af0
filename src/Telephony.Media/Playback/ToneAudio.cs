using System.Runtime.CompilerServices;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Playback;

/// <summary>Tones rendered to wire audio once and shared: a call playing ringback copies bytes, it never computes sines.</summary>
/// <remarks>
/// <see cref="ToneGenerator"/> starts every on-period at phase zero, so each cadence cycle of a
/// repeating tone is identical: one rendered cycle, looped, is exactly the endless tone. A tone
/// without cadence is rendered as one second (a whole number of periods for whole-Hz
/// frequencies, so the loop is seamless). G.722 is rendered at 16 kHz so a wideband call gets
/// clean tones. The cache holds one entry per tone object and encoding and lets go of tones
/// nobody references any more. Thread-safe.
/// </remarks>
public static class ToneAudio
{
    private static readonly ConditionalWeakTable<ToneSpec, EncodedAudio?[]> Cache = [];

    /// <summary>The tone's audio in <paramref name="encoding"/>, rendered on first use and cached.</summary>
    public static EncodedAudio Cached(ToneSpec tone, AudioEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(tone);
        var slots = Cache.GetValue(tone, static _ => new EncodedAudio?[Enum.GetValues<AudioEncoding>().Length]);
        var index = (int)encoding;
        if (Volatile.Read(ref slots[index]) is { } ready)
        {
            return ready;
        }

        // Two calls racing here both render; one result wins and the other is dropped, once.
        var rendered = Render(tone, encoding);
        return Interlocked.CompareExchange(ref slots[index], rendered, null) ?? rendered;
    }

    /// <summary>Renders the tone without caching (DTMF keys, one-off tones).</summary>
    public static EncodedAudio Render(ToneSpec tone, AudioEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(tone);
        var continuous = tone.CadenceMs.Count == 0;
        var cycleMs = continuous ? 1000 : tone.CadenceMs.Sum();
        var rate = encoding == AudioEncoding.G722 ? Codecs.G722.G722.SampleRate : ToneGenerator.DefaultSampleRate;
        var pcm = new short[(int)((long)cycleMs * rate / 1000)];
        var generator = new ToneGenerator(tone, rate);
        if (continuous)
        {
            // The generator fades a tone in over its first milliseconds; a looped second must not
            // fade in again every second, so the loop is taken from after the fade (same phase, whole Hz).
            Span<short> fadeIn = stackalloc short[rate / 100];
            generator.Read(fadeIn);
        }

        generator.Read(pcm);
        return encoding == AudioEncoding.G722 ? EncodedAudio.FromPcm16k(pcm) : EncodedAudio.FromPcm(pcm, encoding);
    }

    /// <summary>Whether the rendered audio is one cycle to be looped (a repeating cadence or a continuous tone).</summary>
    public static bool Loops(ToneSpec tone)
    {
        ArgumentNullException.ThrowIfNull(tone);
        return tone.Repeats || tone.CadenceMs.Count == 0;
    }
}
