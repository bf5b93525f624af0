namespace Telephony.Calls.Cdr;

/// <summary>Filters for a CDR search; every null filter matches everything.</summary>
/// <param name="StartedFrom">Calls that started at or after this.</param>
/// <param name="StartedBefore">Calls that started before this.</param>
/// <param name="Number">A substring of the From or To URI.</param>
/// <param name="Cause">The end cause, exactly (busy, BYE, no-answer ...).</param>
/// <param name="Flow">A substring of the dialplan outcome (flow column).</param>
/// <param name="Direction">inbound or outbound.</param>
/// <param name="Limit">Records per page (1 to <see cref="MaxLimit"/>).</param>
/// <param name="Before">The cursor: only records older than this row (the previous page's <see cref="CdrPage.NextCursor"/>).</param>
public sealed record CdrQuery(
    DateTimeOffset? StartedFrom = null,
    DateTimeOffset? StartedBefore = null,
    string? Number = null,
    string? Cause = null,
    string? Flow = null,
    string? Direction = null,
    int Limit = 50,
    long? Before = null)
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxLimit = 500;
}
