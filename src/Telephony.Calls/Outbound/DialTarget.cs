namespace Telephony.Calls.Outbound;

/// <summary>What a dialled target is: a SIP URI (dialled directly unless a trunk is named) or a number (through the trunks).</summary>
internal static class DialTarget
{
    public static bool IsSipUri(string target) =>
        target.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("sips:", StringComparison.OrdinalIgnoreCase);

    /// <summary>A number's digits: <c>+15551234567</c>, <c>tel:+44...</c>, <c>1002</c> (also * and #); null when it is none.</summary>
    public static string? Number(string target)
    {
        var text = target.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? target[4..] : target;
        var end = text.IndexOf(';', StringComparison.Ordinal);
        text = (end >= 0 ? text[..end] : text).Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0 || text.Length > 32)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiDigit(c) || c is '*' or '#' || (c == '+' && i == 0)))
            {
                return null;
            }
        }

        return text == "+" ? null : text;
    }

    /// <summary>The one route of a SIP URI dialled directly: the INVITE goes where the URI says (RFC 3263).</summary>
    public static DialRoute Direct(string uri)
    {
        var host = Sip.Headers.SipUri.TryParse(uri, out var parsed) ? parsed.Host : "localhost";
        return new DialRoute(null, uri, uri, uri, host);
    }
}
