namespace Telephony.Dialplan.Expressions;

/// <summary>Variables every call has: <see cref="All"/> are read-only, <see cref="Settable"/> steer the call when set.</summary>
public static class BuiltinVariables
{
    /// <summary>Variables a flow may set to change how the rest of the call sounds (a language menu sets <c>language</c>).</summary>
    public static IReadOnlyDictionary<string, string> Settable { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["language"] = "language of TTS, say and speech recognition from now on; starts as the dialplan's",
        ["voice"] = "TTS voice from now on; starts as the dialplan's",
    };

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
