using Telephony.Calls;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// What a dialplan can ask of a call beyond <see cref="ICall"/>: synthesised and spoken-value
/// prompts, speech input, recording and agent queues. The simulated call implements it; a real
/// call gets it when that machinery lands. Until then the runtime does the nearest real thing
/// on a plain <see cref="ICall"/> (see <see cref="FlowRunner"/>).
/// </summary>
public interface IDialplanCall : ICall
{
    /// <summary>Plays prompts in order (files, TTS text, values); with <paramref name="interruptible"/> the caller's first key or word stops it and stays queued.</summary>
    Task PlayPromptsAsync(IReadOnlyList<RenderedPrompt> prompts, bool interruptible);

    /// <summary>Waits for digits or an utterance as <paramref name="request"/> allows.</summary>
    Task<CallInput> ReadInputAsync(InputRequest request);

    /// <summary>Records the caller; returns the WAV's path, '' when nothing was said.</summary>
    Task<string> RecordAsync(RecordStep step);

    /// <summary>Hands the call to an agent queue; true when an agent took it.</summary>
    Task<bool> TransferToQueueAsync(string queue, TimeSpan timeout);
}

/// <summary>A prompt with its templates filled in.</summary>
/// <param name="Kind">file, tts or say.</param>
/// <param name="Text">The file name, the text to speak, or the value to say.</param>
/// <param name="As">How a say value is read (null for files and TTS).</param>
public sealed record RenderedPrompt(string Kind, string Text, SayAs? As = null, string? Currency = null, string? Language = null, string? Voice = null)
{
    public override string ToString() => Kind switch
    {
        "file" => "file " + Text,
        "tts" => $"tts \"{Text}\"",
        _ => $"say {Text} as {As.ToString()!.ToLowerInvariant()}" + (Currency is null ? string.Empty : " " + Currency),
    };
}

/// <summary>What input a menu or gather waits for.</summary>
/// <param name="Phrases">Phrases a menu listens for (speech); empty for free speech.</param>
public sealed record InputRequest(InputMode Mode, int MaxDigits, char? Terminator, TimeSpan FirstTimeout, TimeSpan InterDigitTimeout, IReadOnlyList<string> Phrases);

/// <summary>Input the caller gave: digits ("dtmf"), an utterance ("speech"), or nothing ("" after a timeout).</summary>
public sealed record CallInput(string Text, string Mode)
{
    public static CallInput None { get; } = new(string.Empty, string.Empty);
}
