namespace Telephony.Speech.Vad;

/// <summary>The detectors' clock: samples of 8 kHz audio, shown as <see cref="TimeSpan"/>s.</summary>
internal static class VadClock
{
    public const int SampleRate = 8000;

    private const long TicksPerSample = TimeSpan.TicksPerSecond / SampleRate;

    public static TimeSpan ToTime(long samples) => TimeSpan.FromTicks(samples * TicksPerSample);

    public static long ToSamples(TimeSpan time) => time.Ticks / TicksPerSample;
}
