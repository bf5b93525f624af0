using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>A prompt with its templates filled in.</summary>
/// <param name="Kind">A recording, synthesised text, or a value read out.</param>
/// <param name="Text">The file name, the text to speak, or the value to say.</param>
/// <param name="As">How a say value is read (null for files and TTS).</param>
public sealed record RenderedPrompt(PromptKind Kind, string Text, SayAs? As = null, string? Currency = null, string? Language = null, string? Voice = null)
{
    public override string ToString() => Kind switch
    {
        PromptKind.File => "file " + Text,
        PromptKind.Tts => $"tts \"{Text}\"",
        _ => $"say {Text} as {As.ToString()!.ToLowerInvariant()}" + (Currency is null ? string.Empty : " " + Currency),
    };
}
