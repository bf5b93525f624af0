namespace Telephony.Media.Audio;

/// <summary>Converts prompt audio between sample rates (done once per prompt, never per packet).</summary>
public static class Resampler
{
    /// <summary>
    /// Linear interpolation; when downsampling, a moving-average low-pass over the rate ratio
    /// first, so content above the new Nyquist frequency does not fold back as audible aliasing.
    /// </summary>
    public static short[] ToRate(short[] samples, int fromRate, int toRate)
    {
        if (fromRate == toRate || samples.Length == 0)
        {
            return samples;
        }

        var source = samples;
        if (toRate < fromRate)
        {
            var width = Math.Max(1, (int)Math.Round((double)fromRate / toRate));
            source = new short[samples.Length];
            long sum = 0;
            for (var i = 0; i < samples.Length; i++)
            {
                sum += samples[i];
                if (i >= width)
                {
                    sum -= samples[i - width];
                }

                source[i] = (short)(sum / Math.Min(i + 1, width));
            }
        }

        var length = (int)((long)samples.Length * toRate / fromRate);
        var result = new short[length];
        var step = (double)fromRate / toRate;
        for (var i = 0; i < length; i++)
        {
            var position = i * step;
            var index = (int)position;
            var fraction = position - index;
            var a = source[Math.Min(index, source.Length - 1)];
            var b = source[Math.Min(index + 1, source.Length - 1)];
            result[i] = (short)Math.Round(a + ((b - a) * fraction));
        }

        return result;
    }
}
