namespace Telephony.Speech.Synthesis;

/// <summary>
/// Text to speech: 16-bit mono PCM at the rate asked for, streamed so the first sentence can play
/// while the rest is still being rendered. Implementations are thread-safe.
/// </summary>
public interface ISpeechSynthesizer
{
    /// <summary>The engine's name as configuration and the prompt cache spell it (<c>flite</c>, <c>espeak-ng</c>).</summary>
    string Engine { get; }

    /// <summary>The voices this engine offers here, with their languages and native rates.</summary>
    IReadOnlyList<SpeechVoice> Voices { get; }

    /// <summary>
    /// Renders <paramref name="request"/> as chunks of PCM at <see cref="SynthesisRequest.SampleRate"/>,
    /// in order; the first chunk comes as soon as the first sentence is rendered.
    /// </summary>
    /// <exception cref="SpeechException">The text cannot be spoken right by this voice (e.g. Chinese characters for a pinyin voice), or the engine failed; the message says which.</exception>
    IAsyncEnumerable<ReadOnlyMemory<short>> SynthesizeAsync(SynthesisRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A voice of an engine.</summary>
/// <param name="Name">As a dialplan names it (<c>kal</c>, <c>slt</c>, <c>cmn-latn-pinyin</c>).</param>
/// <param name="Language">BCP 47 language it speaks (<c>en-US</c>, <c>zh</c>).</param>
/// <param name="NativeRate">The rate the engine renders it at; other rates are resampled.</param>
public sealed record SpeechVoice(string Name, string Language, int NativeRate);

/// <summary>What to say and how.</summary>
/// <param name="Text">The text (plain; numbers, dates and money already expanded by the caller where needed).</param>
/// <param name="Voice">A voice name; null for the engine's default for <paramref name="Language"/>.</param>
/// <param name="Language">The flow's language; null for the engine's default.</param>
/// <param name="SampleRate">8000 or 16000: the call's codec rate.</param>
/// <param name="SpeakingRate">1.0 is the voice's normal speed; 1.2 is 20% faster.</param>
public sealed record SynthesisRequest(string Text, string? Voice = null, string? Language = null, int SampleRate = 8000, double SpeakingRate = 1.0);
