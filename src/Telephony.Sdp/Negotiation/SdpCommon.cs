using System.Globalization;

namespace Telephony.Sdp.Negotiation;

/// <summary>What our offers and answers share: the session lines, and the direction rule of RFC 3264 §6.1.</summary>
internal static class SdpCommon
{
    /// <summary>v=, o=, s=, c= and t= for our side (IPv6 when the address has a colon).</summary>
    public static SessionDescription Session(AnswerOptions options)
    {
        var family = options.LocalAddress.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4";
        return new SessionDescription
        {
            Origin = new SdpOrigin(options.UserName, options.SessionId.ToString(CultureInfo.InvariantCulture),
                options.SessionVersion.ToString(CultureInfo.InvariantCulture), "IN", family, options.LocalAddress),
            SessionName = "-",
            Connection = new SdpConnection("IN", family, options.LocalAddress),
            Timing = "0 0",
        };
    }

    /// <summary>Our direction for the other side's: sendonly meets recvonly, inactive stays inactive.</summary>
    public static MediaDirection Answering(MediaDirection theirs) => theirs switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        MediaDirection.Inactive => MediaDirection.Inactive,
        _ => MediaDirection.SendRecv,
    };
}
