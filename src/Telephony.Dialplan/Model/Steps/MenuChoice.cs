using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model.Steps;

/// <summary>One menu choice: a key, spoken phrases, or both.</summary>
public sealed record MenuChoice(string? Key, IReadOnlyList<string> Phrases, Branch Then, SourceLocation At)
{
    public string Label => Key ?? (Phrases.Count > 0 ? Phrases[0] : "?");
}
