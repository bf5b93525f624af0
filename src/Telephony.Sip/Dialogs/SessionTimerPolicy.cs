using System.Globalization;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Dialogs;

/// <summary>Who refreshes a session (RFC 4028 §7.4): the caller (uac) or us (uas).</summary>
public enum SessionRefresher
{
    Uac,
    Uas,
}

/// <summary>The session timer agreed for a dialog.</summary>
/// <param name="Interval">Session-Expires: the session ends unless refreshed within it.</param>
/// <param name="Refresher">Who sends the refreshes.</param>
/// <param name="RequireTimer">Whether our 2xx carries Require: timer (the caller supports it).</param>
public sealed record SessionTimer(TimeSpan Interval, SessionRefresher Refresher, bool RequireTimer)
{
    public string HeaderValue => string.Create(CultureInfo.InvariantCulture, $"{(int)Interval.TotalSeconds};refresher={(Refresher == SessionRefresher.Uac ? "uac" : "uas")}");
}

/// <summary>RFC 4028 UAS rules: when to answer 422, and what Session-Expires to put in the 2xx.</summary>
public static class SessionTimerPolicy
{
    /// <summary>Our smallest acceptable interval (RFC 4028 §5: Min-SE is at least 90 s).</summary>
    public static readonly TimeSpan MinSessionExpires = TimeSpan.FromSeconds(90);

    /// <summary>True when the INVITE asks for a session interval below our Min-SE (answer 422 with Min-SE).</summary>
    public static bool IsTooSmall(SipRequest invite) =>
        TryParse(invite.Headers.Get(HeaderNames.SessionExpires), out var seconds, out _) && seconds < MinSessionExpires.TotalSeconds;

    /// <summary>
    /// The timer for the dialog an INVITE creates, or null when the INVITE asks for none. The
    /// caller's refresher choice is kept; when it made none, the caller refreshes if it supports
    /// timers, else we do (§9).
    /// </summary>
    public static SessionTimer? Negotiate(SipRequest invite)
    {
        if (!TryParse(invite.Headers.Get(HeaderNames.SessionExpires), out var seconds, out var refresher))
        {
            return null;
        }

        var callerSupports = invite.Headers.GetValues(HeaderNames.Supported).Concat(invite.Headers.GetValues(HeaderNames.Require))
            .Any(t => t.Equals("timer", StringComparison.OrdinalIgnoreCase));
        var chosen = refresher switch
        {
            "uac" when callerSupports => SessionRefresher.Uac,
            "uas" => SessionRefresher.Uas,
            _ => callerSupports ? SessionRefresher.Uac : SessionRefresher.Uas,
        };
        return new SessionTimer(TimeSpan.FromSeconds(seconds), chosen, callerSupports);
    }

    private static bool TryParse(string? value, out long seconds, out string? refresher)
    {
        seconds = 0;
        refresher = null;
        if (value is null)
        {
            return false;
        }

        var semi = value.IndexOf(';', StringComparison.Ordinal);
        var number = (semi < 0 ? value : value[..semi]).Trim();
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)
        {
            return false;
        }

        if (semi >= 0)
        {
            refresher = HeaderParameters.Get(HeaderParameters.Parse(value.AsSpan(semi + 1)), "refresher")?.ToLowerInvariant();
        }

        return true;
    }
}
