namespace Telephony.Dialplan;

/// <summary>Where the loader looks for what a dialplan refers to.</summary>
/// <param name="PromptsDirectory">The prompts folder for file checks; null skips them.</param>
public sealed record DialplanOptions(string? PromptsDirectory);
