using Telephony.Media.Codecs;

namespace Telephony.Media.Jitter;

/// <summary>Recognises quiet G.711 frames, where the jitter buffer can drop or insert a frame unheard.</summary>
public static class G711QuietDetector
{
    /// <summary>
    /// Mean absolute linear sample below which a frame counts as quiet: about −50 dBov, under
    /// line noise on most calls yet well above the ±8 that digital silence decodes to.
    /// </summary>
    public const int Threshold = 100;

    private static readonly FrameQuietPredicate MuLaw = payload => IsQuiet(payload, AudioEncoding.Pcmu);
    private static readonly FrameQuietPredicate ALaw = payload => IsQuiet(payload, AudioEncoding.Pcma);

    /// <summary>A cached predicate for <see cref="JitterBufferOptions.IsQuiet"/>.</summary>
    public static FrameQuietPredicate For(AudioEncoding encoding) => encoding == AudioEncoding.Pcmu ? MuLaw : ALaw;

    public static bool IsQuiet(ReadOnlySpan<byte> payload, AudioEncoding encoding)
    {
        if (payload.IsEmpty)
        {
            return true;
        }

        long sum = 0;
        foreach (var code in payload)
        {
            sum += Math.Abs((int)(encoding == AudioEncoding.Pcmu ? G711.MuLawToLinear(code) : G711.ALawToLinear(code)));
        }

        return sum < (long)Threshold * payload.Length;
    }
}
