namespace Telephony.Media.Wav;

/// <summary>Decoded audio: mono 16-bit linear PCM at <see cref="SampleRate"/>.</summary>
public sealed class WavAudio
{
    public WavAudio(int sampleRate, short[] samples)
    {
        SampleRate = sampleRate;
        Samples = samples;
    }

    public int SampleRate { get; }

    public short[] Samples { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);
}
