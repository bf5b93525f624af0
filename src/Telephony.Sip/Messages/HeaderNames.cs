namespace Telephony.Sip.Messages;

/// <summary>Canonical spellings of the headers the stack knows, and their compact forms (RFC 3261 §7.3.3).</summary>
/// <remarks>
/// Mapping a parsed name to one of these interned strings means known headers cost no allocation
/// and compare by reference-equal strings; unknown headers keep the spelling they arrived with.
/// </remarks>
public static class HeaderNames
{
    public const string Accept = "Accept";
    public const string Allow = "Allow";
    public const string CallId = "Call-ID";
    public const string Contact = "Contact";
    public const string ContentEncoding = "Content-Encoding";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string CSeq = "CSeq";
    public const string Event = "Event";
    public const string From = "From";
    public const string MaxForwards = "Max-Forwards";
    public const string RecordRoute = "Record-Route";
    public const string ReferTo = "Refer-To";
    public const string ReferredBy = "Referred-By";
    public const string Require = "Require";
    public const string Route = "Route";
    public const string Server = "Server";
    public const string Subject = "Subject";
    public const string Supported = "Supported";
    public const string To = "To";
    public const string Unsupported = "Unsupported";
    public const string UserAgent = "User-Agent";
    public const string Via = "Via";
    public const string Expires = "Expires";
    public const string ProxyRequire = "Proxy-Require";
    public const string Reason = "Reason";
    public const string AllowEvents = "Allow-Events";
    public const string SessionExpires = "Session-Expires";

    /// <summary>Returns the canonical name for <paramref name="name"/> (compact forms expanded), or null if unknown.</summary>
    public static string? Canonical(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return (name[0] | 0x20) switch
            {
                'v' => Via,
                'f' => From,
                't' => To,
                'i' => CallId,
                'm' => Contact,
                'l' => ContentLength,
                'c' => ContentType,
                'k' => Supported,
                's' => Subject,
                'e' => ContentEncoding,
                'o' => Event,
                'r' => ReferTo,
                'b' => ReferredBy,
                'u' => AllowEvents,
                'x' => SessionExpires,
                _ => null,
            };
        }

        foreach (var known in Known)
        {
            if (AsciiEqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        return null;
    }

    /// <summary>Case-insensitive comparison of an ASCII byte span with a string.</summary>
    public static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if ((bytes[i] | 0x20) != (text[i] | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly string[] Known =
    [
        Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentLength, ContentType, Route,
        RecordRoute, Allow, Accept, Supported, Require, UserAgent, Server, Expires, Event,
        ReferTo, ReferredBy, Subject, ContentEncoding, Unsupported, ProxyRequire, Reason,
        AllowEvents, SessionExpires,
    ];
}
