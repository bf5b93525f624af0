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
    /// samples decided, or <see cref="VadTransition.None"/>. Allocates nothing.
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
/// <param name="Threshold">Speech probability (Silero) or level (energy) above which a frame is voiced.</param>
/// <param name="MinSpeech">Voiced audio needed before a start is reported (a click is not speech).</param>
/// <param name="TrailingSilence">Unvoiced audio after speech before its end is reported (end of utterance).</param>
public sealed record VadOptions(float Threshold = 0.5f, TimeSpan? MinSpeech = null, TimeSpan? TrailingSilence = null)
{
    public TimeSpan MinSpeechOrDefault => MinSpeech ?? TimeSpan.FromMilliseconds(100);

    public TimeSpan TrailingSilenceOrDefault => TrailingSilence ?? TimeSpan.FromMilliseconds(300);
}
