using Telephony.Media.Tones;

namespace Telephony.Media.Tests.InBand;

/// <summary>Builds test audio from the tone generator: tones, pauses, key sequences and noise.</summary>
internal static class Signal
{
    public const int Rate = 8000;

    public static int Samples(int ms) => ms * Rate / 1000;

    /// <summary>Each (finite) spec played to its end, one after another.</summary>
    public static short[] Render(params ToneSpec[] specs)
    {
        var result = new List<short>();
        var frame = new short[160];
        foreach (var spec in specs)
        {
            var generator = new ToneGenerator(spec);
            int n;
            while ((n = generator.Read(frame)) > 0)
            {
                result.AddRange(frame.AsSpan(0, n));
            }
        }

        return [.. result];
    }

    /// <summary>The first <paramref name="count"/> samples of a spec, in one call.</summary>
    public static short[] Render(ToneSpec spec, int count)
    {
        var result = new short[count];
        new ToneGenerator(spec).Read(result);
        return result;
    }

    /// <summary>Keys of <paramref name="keys"/>, each <paramref name="toneMs"/> long and followed by <paramref name="pauseMs"/> of silence, after a leading pause.</summary>
    public static short[] Keys(string keys, int toneMs, int pauseMs, double levelDbm0 = ToneSpec.DefaultDtmfLevelDbm0)
    {
        var specs = new List<ToneSpec> { ToneSpec.Silence(pauseMs) };
        foreach (var key in keys)
        {
            specs.Add(ToneSpec.Dtmf(key, toneMs, levelDbm0));
            specs.Add(ToneSpec.Silence(pauseMs));
        }

        return Render([.. specs]);
    }

    /// <summary>Silence, one key, silence.</summary>
    public static short[] Key(char key, int toneMs, double lowDbm0, double highDbm0) =>
        Render(ToneSpec.Silence(100), ToneSpec.Dtmf(key, toneMs, lowDbm0, highDbm0), ToneSpec.Silence(100));

    /// <summary>Adds Gaussian white noise over the whole band (0–4 kHz) with mean square <paramref name="noiseDbm0"/>, repeatably.</summary>
    public static short[] WithNoise(short[] signal, double noiseDbm0, int seed)
    {
        var random = new Random(seed);
        var sigma = Math.Sqrt(Dbm0.ToMeanSquare(noiseDbm0));
        var result = new short[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            // Box–Muller: two uniforms give one standard normal.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            result[i] = (short)Math.Clamp(Math.Round(signal[i] + (sigma * gaussian)), short.MinValue, short.MaxValue);
        }

        return result;
    }

    /// <summary>Scales audio by <paramref name="gainDb"/>, clipping like a real codec would.</summary>
    public static short[] Scale(short[] samples, double gainDb)
    {
        var gain = Math.Pow(10, gainDb / 20);
        return [.. samples.Select(s => (short)Math.Clamp(Math.Round(s * gain), short.MinValue, short.MaxValue))];
    }
}
