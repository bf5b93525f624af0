namespace Telephony.Speech.Vad;

/// <summary>
/// Finds where speech starts and ends in one stream of 8 kHz mono audio. One instance per stream
/// (per call and direction); not thread-safe. Fed on a worker, never on the media clock thread.
/// </summary>
public interface IVoiceActivityDetector : IDisposable
{
    /// <summary><c>silero</c> or <c>energy</c>.</summary>
    string Engine { get; }

    /// <summary>Whether the stream is in speech after what was fed so far.</summary>
    bool InSpeech { get; }

    /// <summary>Audio fed so far: the clock every <see cref="VadTransition.At"/> is measured on.</summary>
    TimeSpan Position { get; }

    /// <summary>
    /// Feeds samples (any length; usually one 20 ms frame of 160). Returns the transition these
    /// samples decided, or <see cref="VadTransition.None"/>. Allocates nothing. When one call
    /// decides more than one transition (a span of seconds), the later ones are returned by the
    /// next calls, in order (an empty span collects them).
    /// </summary>
    VadTransition Feed(ReadOnlySpan<short> samples);

    /// <summary>Forgets the stream's state (a new turn); <see cref="Position"/> keeps counting.</summary>
    void Reset();
}

/// <summary>A decision of the detector.</summary>
/// <param name="Kind">Started, ended or none.</param>
/// <param name="At">Where in the stream speech started (its first voiced audio) or ended (its last voiced audio), on the <see cref="IVoiceActivityDetector.Position"/> clock.</param>
public readonly record struct VadTransition(VadTransitionKind Kind, TimeSpan At)
{
    public static VadTransition None => default;
}

public enum VadTransitionKind
{
    None,
    SpeechStarted,
    SpeechEnded,
}

/// <summary>How speech is told from silence.</summary>
/// <param name="Threshold">Speech probability (Silero, 0–1) at or above which a window is voiced; once in speech a window stays voiced down to 0.15 below it.</param>
/// <param name="MinSpeech">Voiced audio needed before a start is reported (a click is not speech).</param>
/// <param name="TrailingSilence">Unvoiced audio after speech before its end is reported (end of utterance).</param>
/// <param name="EnergyMarginDb">Energy VAD: how far above the adaptive noise floor (dB) a frame must be to count as voiced.
/// Its own member because one options record reaches whichever engine the factory picks, and a probability is no level.</param>
/// <param name="EnergyMinimumDbfs">Energy VAD: frames quieter than this (dBFS) are never voiced, whatever the floor (line hiss, comfort noise).</param>
public sealed record VadOptions(
    float Threshold = 0.5f,
    TimeSpan? MinSpeech = null,
    TimeSpan? TrailingSilence = null,
    double EnergyMarginDb = 10,
    double EnergyMinimumDbfs = -45)
{
    public TimeSpan MinSpeechOrDefault => MinSpeech ?? TimeSpan.FromMilliseconds(100);

    public TimeSpan TrailingSilenceOrDefault => TrailingSilence ?? TimeSpan.FromMilliseconds(300);

    /// <summary>Throws a <see cref="SpeechException"/> naming the field when a value cannot work.</summary>
    public void Validate()
    {
        if (!(Threshold > 0 && Threshold < 1))
        {
            throw new SpeechException($"VAD threshold {Threshold} is out of range: it is a speech probability between 0 and 1 (exclusive), e.g. 0.5");
        }

        if (MinSpeechOrDefault < TimeSpan.Zero || MinSpeechOrDefault > TimeSpan.FromSeconds(10))
        {
            throw new SpeechException($"VAD min_speech {MinSpeechOrDefault.TotalMilliseconds} ms is out of range: 0 to 10000 ms, e.g. 300ms");
        }

        if (TrailingSilenceOrDefault < TimeSpan.Zero || TrailingSilenceOrDefault > TimeSpan.FromSeconds(30))
        {
            throw new SpeechException($"VAD trailing silence {TrailingSilenceOrDefault.TotalMilliseconds} ms is out of range: 0 to 30000 ms, e.g. 300ms");
        }

        if (!(EnergyMarginDb > 0 && EnergyMarginDb <= 60))
        {
            throw new SpeechException($"energy VAD margin {EnergyMarginDb} dB is out of range: above 0 and at most 60, e.g. 10");
        }

        if (!(EnergyMinimumDbfs >= -96 && EnergyMinimumDbfs < 0))
        {
            throw new SpeechException($"energy VAD minimum level {EnergyMinimumDbfs} dBFS is out of range: -96 to below 0, e.g. -45");
        }
    }
}
