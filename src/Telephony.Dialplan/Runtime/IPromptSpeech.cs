namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Speech for a plain call: turns a TTS or say prompt into prompt names the call can play
/// (<see cref="Telephony.Calls.ICall.PlayAsync"/>): recordings when they cover it (digits), else a
/// synthesised rendering. The dialplan layer owns this contract and knows no engine; the server
/// implements it with the speech engines and the prompt cache.
/// </summary>
public interface IPromptSpeech
{
    /// <summary>What to play for <paramref name="prompt"/> (a <see cref="PromptKind.Tts"/> or <see cref="PromptKind.Say"/> prompt); never throws for bad text, it says why in <see cref="SpokenPrompt.Problem"/>.</summary>
    Task<SpokenPrompt> RenderAsync(RenderedPrompt prompt, CancellationToken cancellationToken);
}

/// <summary>The prompt names that speak a prompt, or why it cannot be spoken (then nothing is played for it).</summary>
public sealed record SpokenPrompt(IReadOnlyList<string> Names, string? Problem = null)
{
    public static SpokenPrompt Failed(string problem) => new([], problem);
}
