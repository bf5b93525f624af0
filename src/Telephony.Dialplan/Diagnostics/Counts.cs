using System.Globalization;

namespace Telephony.Dialplan.Diagnostics;

/// <summary>Counts said in English for messages and logs: "1 flow", "2 flows".</summary>
public static class Counts
{
    public static string Of(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
