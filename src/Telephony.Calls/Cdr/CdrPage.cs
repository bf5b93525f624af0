namespace Telephony.Calls.Cdr;

/// <summary>One page of a CDR search.</summary>
/// <param name="Records">The records, newest first.</param>
/// <param name="NextCursor">Pass as <see cref="CdrQuery.Before"/> for the next page; null when this is the last.</param>
public sealed record CdrPage(IReadOnlyList<CallDetailRecord> Records, long? NextCursor);
