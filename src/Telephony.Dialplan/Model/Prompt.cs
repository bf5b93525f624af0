using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model;

/// <summary>Something the caller hears: a recorded file, synthesised text, or a value spoken in the flow's language.</summary>
public abstract record Prompt(SourceLocation At);

/// <summary>A WAV under the prompts folder; the name may omit ".wav" and may contain <c>${...}</c>.</summary>
public sealed record FilePrompt(Template Path, SourceLocation At) : Prompt(At);

/// <summary>Text for the speech synthesiser; voice and language default to the dialplan's.</summary>
public sealed record TtsPrompt(Template Text, string? Voice, string? Language, SourceLocation At) : Prompt(At);

/// <summary>A value spoken as digits, a number, an amount of money, a date or a time.</summary>
public sealed record SayPrompt(Template Value, SayAs As, string? Currency, string? Language, SourceLocation At) : Prompt(At);
