namespace Telephony.Dialplan.Expressions;

/// <summary>
/// The functions expressions may call. Deliberately few: a dialplan decides, a webhook computes.
/// The runtime implements exactly this list; docs/dialplan.md documents it.
/// </summary>
public static class Functions
{
    public static IReadOnlyDictionary<string, FunctionInfo> All { get; } = new[]
    {
        new FunctionInfo("len", 1, 1, "len(text): number of characters"),
        new FunctionInfo("lower", 1, 1, "lower(text)"),
        new FunctionInfo("upper", 1, 1, "upper(text)"),
        new FunctionInfo("trim", 1, 1, "trim(text): without surrounding spaces"),
        new FunctionInfo("contains", 2, 2, "contains(text, part)"),
        new FunctionInfo("starts_with", 2, 2, "starts_with(text, prefix)"),
        new FunctionInfo("ends_with", 2, 2, "ends_with(text, suffix)"),
        new FunctionInfo("matches", 2, 2, "matches(text, 'regex')"),
        new FunctionInfo("number", 1, 1, "number(text): the text as a number, null when it is not one"),
        new FunctionInfo("text", 1, 1, "text(value)"),
        new FunctionInfo("empty", 1, 1, "empty(value): true for null and ''"),
        new FunctionInfo("round", 1, 2, "round(number[, decimals])"),
        new FunctionInfo("header", 1, 1, "header('Name'): a SIP header of the INVITE, '' when absent"),
        new FunctionInfo("open", 1, 1, "open('hours-name'): true inside that time window"),
        new FunctionInfo("raw", 1, 1, "raw(value): in an http URL, the value as it is, not percent-encoded (the whole insertion: ${raw(query)})"),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);
}
