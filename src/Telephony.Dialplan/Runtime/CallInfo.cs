using Telephony.Calls;

namespace Telephony.Dialplan.Runtime;

/// <summary>What routing and the built-in variables know about a call before its first step.</summary>
/// <param name="CallId">The SIP Call-ID.</param>
/// <param name="Caller">The caller's number: the user part of From.</param>
/// <param name="CallerName">The caller's display name, '' when none.</param>
/// <param name="Did">The called number: the user part of To.</param>
/// <param name="Header">A header of the INVITE by name, '' when absent.</param>
public sealed record CallInfo(string CallId, string Caller, string CallerName, string Did, Func<string, string> Header)
{
    public static CallInfo From(ICall call) => new(call.CallId, UserPart(call.From), string.Empty, UserPart(call.To), call.Header);

    /// <summary>The user part of a SIP or tel URI (<c>sip:+4420@host;user=phone</c> → <c>+4420</c>); the text itself when it is no URI.</summary>
    public static string UserPart(string uri)
    {
        var text = uri.Trim().Trim('<', '>');
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && text[..colon] is "sip" or "sips" or "tel")
        {
            text = text[(colon + 1)..];
        }

        var end = text.IndexOfAny(['@', ';', '?', '>']);
        return end >= 0 ? text[..end] : text;
    }
}
