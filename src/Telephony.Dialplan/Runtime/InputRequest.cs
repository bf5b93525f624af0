using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>What input a menu or gather waits for.</summary>
/// <param name="Phrases">Phrases a menu listens for (speech); empty for free speech.</param>
/// <param name="Language">Recognition language (the flow's <c>language</c> unless the step names one); null for the engine's default.</param>
public sealed record InputRequest(InputMode Mode, int MaxDigits, char? Terminator, TimeSpan FirstTimeout, TimeSpan InterDigitTimeout, IReadOnlyList<string> Phrases, string? Language = null);
