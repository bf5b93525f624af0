namespace Telephony.Dialplan.Model.Steps;

/// <summary>How a menu or gather decides that the caller spoke and stopped (speech input only).</summary>
/// <param name="MinSpeech"><c>barge_in: {min_speech: 300ms}</c>: speech shorter than this neither stops the prompt nor counts as an answer (a cough, "uh-huh"); null for the engine's default.</param>
/// <param name="EndSilence"><c>end_silence: 500ms</c>: silence after speech that ends the answer; null for the default.</param>
public sealed record SpeechTiming(TimeSpan? MinSpeech = null, TimeSpan? EndSilence = null)
{
    public static SpeechTiming Default { get; } = new();
}
