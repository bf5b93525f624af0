namespace Telephony.Api.Dialplans;

/// <summary>One validation error, located as editors count (from 1).</summary>
/// <param name="Hint">The "did you mean" suggestion split off the message, when there is one.</param>
public sealed record DialplanProblem(int Line, int Column, string Message, string? Hint);
