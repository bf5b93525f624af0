namespace Telephony.Queues.Desk;

/// <summary>Pause reason codes: short words a report can group by (<c>lunch</c>, <c>after-call</c>), not free text.</summary>
public static class PauseReasons
{
    /// <summary>The reason when none is given (a softphone's pause feature code says nothing more).</summary>
    public const string Default = "break";

    public const string Rule = "1 to 32 lowercase letters, digits and '-'";

    public static bool IsValid(string reason) =>
        reason is { Length: > 0 and <= 32 } && reason.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
