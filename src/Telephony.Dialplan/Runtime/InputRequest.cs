using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>What input a menu or gather waits for.</summary>
/// <param name="Phrases">Phrases a menu listens for (speech); empty for free speech.</param>
/// <param name="Language">Recognition language (the flow's <c>language</c> unless the step names one); null for the engine's default.</param>
/// <param name="Grammar">A JSGF grammar's text (a gather's <c>grammar</c>); null for the phrases or free speech.</param>
/// <param name="Speech">Minimum speech (barge-in) and end silence.</param>
/// <param name="PhrasesAreChoices">A menu's phrases (say one of them), not a gather's keywords (spotted in what is said).</param>
public sealed record InputRequest(
    InputMode Mode, int MaxDigits, char? Terminator, TimeSpan FirstTimeout, TimeSpan InterDigitTimeout, IReadOnlyList<string> Phrases,
    string? Language = null, string? Grammar = null, SpeechTiming? Speech = null, bool PhrasesAreChoices = false);
