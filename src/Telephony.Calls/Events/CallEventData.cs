using System.Globalization;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;

namespace Telephony.Calls.Events;

/// <summary>The data members of call events, keyed as /work/notes/api-contract.md names them (snake_case).</summary>
internal static class CallEventData
{
    public static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>();

    public static IReadOnlyDictionary<string, string?> Of(string key, string? value) =>
        new Dictionary<string, string?>(1, StringComparer.Ordinal) { [key] = value };

    public static IReadOnlyDictionary<string, string?> Of(string key1, string? value1, string key2, string? value2) =>
        new Dictionary<string, string?>(2, StringComparer.Ordinal) { [key1] = value1, [key2] = value2 };

    public static IReadOnlyDictionary<string, string?> Started(CallDirection direction, string from, string to) =>
        new Dictionary<string, string?>(3, StringComparer.Ordinal) { ["direction"] = Name(direction), ["from"] = from, ["to"] = to };

    public static IReadOnlyDictionary<string, string?> Ended(CallDetailRecord record) =>
        new Dictionary<string, string?>(4, StringComparer.Ordinal)
        {
            ["cause"] = record.Cause,
            ["sip_status"] = record.SipStatus?.ToString(CultureInfo.InvariantCulture),
            ["ended_by"] = record.EndedBy,
            ["direction"] = Name(record.Direction),
        };

    /// <summary>inbound or outbound, as the API, events and CDRs spell it.</summary>
    public static string Name(CallDirection direction) => direction == CallDirection.Outbound ? "outbound" : "inbound";
}
