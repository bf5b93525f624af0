using Telephony.Media.Audio;
using Telephony.Media.Wav;

namespace Telephony.Media.Tests.G722;

/// <summary>16 kHz test signals that exercise every corner of the codec: tones, noise, clipping and speech.</summary>
internal static class TestSignals
{
    public const int Rate = 16000;

    public static short[] Silence(int samples) => new short[samples];

    public static short[] Sine(double hz, double amplitude, int samples)
    {
        var pcm = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = ToSample(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate));
        }

        return pcm;
    }

    /// <summary>Logarithmic sweep from <paramref name="fromHz"/> to <paramref name="toHz"/>.</summary>
    public static short[] Sweep(double fromHz, double toHz, double amplitude, int samples)
    {
        var pcm = new short[samples];
        var phase = 0.0;
        for (var i = 0; i < samples; i++)
        {
            var hz = fromHz * Math.Pow(toHz / fromHz, (double)i / samples);
            phase += 2 * Math.PI * hz / Rate;
            pcm[i] = ToSample(amplitude * Math.Sin(phase));
        }

        return pcm;
    }

    /// <summary>Every DTMF digit in turn: 50 ms of the tone pair, 50 ms of silence.</summary>
    public static short[] DtmfDigits(double amplitudePerTone)
    {
        double[] rows = [697, 770, 852, 941];
        double[] columns = [1209, 1336, 1477, 1633];
        var pcm = new List<short>();
        foreach (var row in rows)
        {
            foreach (var column in columns)
            {
                for (var i = 0; i < Rate / 20; i++)
                {
                    var t = (double)i / Rate;
                    pcm.Add(ToSample(amplitudePerTone * (Math.Sin(2 * Math.PI * row * t) + Math.Sin(2 * Math.PI * column * t))));
                }

                pcm.AddRange(new short[Rate / 20]);
            }
        }

        return [.. pcm];
    }

    public static short[] WhiteNoise(int seed, int amplitude, int samples)
    {
        var random = new Random(seed);
        var pcm = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = (short)random.Next(-amplitude, amplitude + 1);
        }

        return pcm;
    }

    /// <summary>Square wave between short.MinValue and short.MaxValue: drives every saturation in the codec.</summary>
    public static short[] FullScaleSquare(double hz, int samples)
    {
        var pcm = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = (i * hz / Rate) % 1.0 < 0.5 ? short.MaxValue : short.MinValue;
        }

        return pcm;
    }

    /// <summary>Isolated full-scale clicks of alternating sign over silence.</summary>
    public static short[] Clicks(int samples)
    {
        var pcm = new short[samples];
        for (var i = 0; i < samples; i += 397)
        {
            pcm[i] = (i / 397) % 2 == 0 ? short.MaxValue : short.MinValue;
        }

        return pcm;
    }

    /// <summary>A prompt from the repository's prompts/ folder, resampled from its 8 kHz to 16 kHz.</summary>
    public static short[] Prompt(string name)
    {
        var audio = WavReader.Read(Path.Combine(PromptsDirectory(), name));
        return Resampler.ToRate(audio.Samples, audio.SampleRate, Rate);
    }

    public static string[] PromptNames() =>
        [.. Directory.GetFiles(PromptsDirectory(), "*.wav").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static string PromptsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var prompts = Path.Combine(dir.FullName, "prompts");
            if (Directory.Exists(prompts) && File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return prompts;
            }
        }

        throw new DirectoryNotFoundException("prompts/ not found above " + AppContext.BaseDirectory);
    }

    private static short ToSample(double value) => (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
}
