namespace Telephony.Dialplan.Expressions;

/// <summary>Variables every call has; steps may read but not set them.</summary>
public static class BuiltinVariables
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["caller"] = "the caller's number (user part of From)",
        ["caller_name"] = "the caller's display name, '' when none",
        ["did"] = "the called number (user part of To / Request-URI)",
        ["call_id"] = "the SIP Call-ID",
        ["input"] = "the last menu choice or gathered input",
        ["input_mode"] = "how the last input came: 'dtmf', 'speech' or '' (none)",
        ["time"] = "local time in the dialplan's timezone, 'HH:MM'",
        ["date"] = "local date, 'YYYY-MM-DD'",
        ["weekday"] = "local day: 'mon' ... 'sun'",
        ["http_status"] = "HTTP status of the last http step, 0 when it failed to connect",
    };
}
