using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>
/// The UAS rules that depend only on the request, shared by the live stack and by
/// <c>telephony sip lint</c> so both always answer the same.
/// </summary>
public static class UasPolicy
{
    /// <summary>The methods we implement, for Allow headers and 405 answers.</summary>
    public const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, NOTIFY";

    private static readonly HashSet<string> Implemented = new(StringComparer.Ordinal) { "INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO", "UPDATE", "NOTIFY" };

    private static readonly HashSet<string> KnownButNotAllowed = new(StringComparer.Ordinal)
    {
        "REGISTER", "SUBSCRIBE", "REFER", "MESSAGE", "PUBLISH", "PRACK",
    };

    /// <summary>The option tags of Require that we do not support (we support session timers only), or an empty list.</summary>
    /// <remarks>§8.2.2.3: answered 420 with Unsupported. CANCEL and ACK are exempt (§8.2.2.3, §9.2).</remarks>
    public static IReadOnlyList<string> UnsupportedRequirements(SipRequest request) =>
        request.Method is "CANCEL" or "ACK" ? [] : request.Headers.GetValues(HeaderNames.Require).Where(t => !IsSupported(t)).ToList();

    /// <summary>The option tags we implement, for Supported headers.</summary>
    public const string SupportedExtensions = "timer";

    private static bool IsSupported(string optionTag) => optionTag.Equals("timer", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the Request-URI's scheme is one we cannot serve (answered 416, RFC 3261 §8.2.2.1):
    /// we are reached by sip:, sips: and tel: URIs only.
    /// </summary>
    public static bool UnsupportedScheme(SipRequest request) =>
        !Headers.SipUri.TryParse(request.RequestUri, out var uri) || (!uri.IsSip && !uri.Scheme.Equals("tel", StringComparison.OrdinalIgnoreCase));

    /// <summary>405 for methods we know but do not serve, 501 for methods we do not know, null for ours.</summary>
    public static int? MethodRefusal(string method) =>
        Implemented.Contains(method) ? null : KnownButNotAllowed.Contains(method) ? 405 : 501;
}
