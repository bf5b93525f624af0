using System.Globalization;
using System.Text;

namespace Telephony.Calls.Dtmf;

/// <summary>
/// DTMF carried in SIP INFO bodies, as phones and gateways that do not send RFC 4733 use it:
/// <c>application/dtmf-relay</c> ("Signal=5\r\nDuration=160", the de facto Cisco format) and
/// <c>application/dtmf</c> (the bare key, "5").
/// </summary>
public static class SipInfoDtmf
{
    /// <summary>Whether this INFO carries a DTMF body we read (by its Content-Type).</summary>
    public static bool IsDtmf(string? contentType) => MediaType(contentType) is "application/dtmf-relay" or "application/dtmf";

    /// <summary>Reads the key and its duration (ms, 0 when not given); false for anything else.</summary>
    public static bool TryParse(string? contentType, ReadOnlySpan<byte> body, out char digit, out int durationMs)
    {
        digit = default;
        durationMs = 0;
        var text = Encoding.UTF8.GetString(body);
        switch (MediaType(contentType))
        {
            case "application/dtmf":
                return TryKey(text.Trim(), out digit);
            case "application/dtmf-relay":
                var found = false;
                foreach (var rawLine in text.Split('\n'))
                {
                    var line = rawLine.Trim();
                    var eq = line.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0)
                    {
                        continue;
                    }

                    var key = line[..eq].Trim();
                    var value = line[(eq + 1)..].Trim();
                    if (key.Equals("Signal", StringComparison.OrdinalIgnoreCase))
                    {
                        found = TryKey(value, out digit);
                    }
                    else if (key.Equals("Duration", StringComparison.OrdinalIgnoreCase)
                             && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                    {
                        durationMs = ms;
                    }
                }

                return found;
            default:
                return false;
        }
    }

    /// <summary>0-9 * # A-D, and the event numbers 10/11 some gateways send for * and #.</summary>
    private static bool TryKey(string value, out char digit)
    {
        digit = value switch
        {
            "10" => '*',
            "11" => '#',
            { Length: 1 } when value[0] is (>= '0' and <= '9') or '*' or '#' => value[0],
            { Length: 1 } when char.ToUpperInvariant(value[0]) is >= 'A' and <= 'D' => char.ToUpperInvariant(value[0]),
            _ => default,
        };
        return digit != default;
    }

    private static string? MediaType(string? contentType) =>
        contentType?.Split(';')[0].Trim().ToLowerInvariant();
}
