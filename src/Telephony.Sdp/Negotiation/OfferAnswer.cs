using System.Globalization;

namespace Telephony.Sdp.Negotiation;

/// <summary>Answers SDP offers per RFC 3264 §6 for an audio-only endpoint.</summary>
public static class OfferAnswer
{
    private const string TelephoneEvent = "TELEPHONE-EVENT";
    private const string ComfortNoise = "CN";

    /// <summary>
    /// Accepts the first audio m-line that has a codec we support, answers every other m-line
    /// with port 0 (RFC 3264 §6), and keeps the offerer's payload type numbers.
    /// </summary>
    public static NegotiationResult Answer(SessionDescription offer, AnswerOptions options)
    {
        var answer = SdpCommon.Session(options);

        NegotiatedAudio? audio = null;
        var offered = new List<string>();
        foreach (var m in offer.Media)
        {
            if (audio is null && m.Media == "audio" && m.Port != 0 && m.Protocol.StartsWith("RTP/", StringComparison.OrdinalIgnoreCase)
                && TryAccept(offer, m, options, out var accepted, out audio))
            {
                answer.Media.Add(accepted);
                continue;
            }

            if (m.Media == "audio")
            {
                offered.AddRange(m.RtpMaps.Select(r => $"{r.EncodingName}/{r.ClockRate}"));
            }

            answer.Media.Add(new MediaDescription(m.Media, 0, m.Protocol, m.Formats));
        }

        if (audio is null)
        {
            return NegotiationResult.Fail(offer.Media.Any(m => m.Media == "audio")
                ? $"no common audio codec: offered {(offered.Count == 0 ? "nothing usable" : string.Join(", ", offered.Distinct()))}; we support {string.Join(", ", options.Codecs)}"
                : "the offer has no audio stream");
        }

        return new NegotiationResult(true, 0, null, answer, audio);
    }

    private static bool TryAccept(SessionDescription offer, MediaDescription m, AnswerOptions options, out MediaDescription accepted, out NegotiatedAudio? audio)
    {
        accepted = null!;
        audio = null;
        var maps = m.RtpMaps;
        var candidates = maps.Where(r => options.Codecs.Contains(r.EncodingName, StringComparer.OrdinalIgnoreCase) && r.ClockRate == 8000).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var chosen = options.PreferOwnOrder
            ? candidates.OrderBy(r => IndexOf(options.Codecs, r.EncodingName)).First()
            : candidates[0];
        var dtmf = options.TelephoneEvent
            ? maps.FirstOrDefault(r => r.EncodingName == TelephoneEvent && r.ClockRate == chosen.ClockRate)
            : null;
        // Comfort noise (RFC 3389) is accepted when offered, so a phone that stops sending in silence
        // may say so; we never send it, which the offerer cannot tell from plain audio.
        var cn = maps.FirstOrDefault(r => string.Equals(r.EncodingName, ComfortNoise, StringComparison.OrdinalIgnoreCase) && r.ClockRate == 8000);
        var ptime = m.Ptime is { } p && p is >= 10 and <= 60 && p % 10 == 0 ? p : options.PtimeMs;
        var theirDirection = m.Direction;
        var ours = SdpCommon.Answering(theirDirection);

        var formats = new List<string> { chosen.PayloadType.ToString(CultureInfo.InvariantCulture) };
        if (dtmf is not null)
        {
            formats.Add(dtmf.PayloadType.ToString(CultureInfo.InvariantCulture));
        }

        if (cn is not null)
        {
            formats.Add(cn.PayloadType.ToString(CultureInfo.InvariantCulture));
        }

        accepted = new MediaDescription("audio", options.LocalPort, m.Protocol, formats);
        accepted.Attributes.Add(new SdpAttribute("rtpmap", $"{chosen.PayloadType} {chosen.EncodingName}/{chosen.ClockRate}"));
        if (dtmf is not null)
        {
            accepted.Attributes.Add(new SdpAttribute("rtpmap", $"{dtmf.PayloadType} telephone-event/{dtmf.ClockRate}"));
            accepted.Attributes.Add(new SdpAttribute("fmtp", $"{dtmf.PayloadType} 0-16"));
        }

        if (cn is not null)
        {
            accepted.Attributes.Add(new SdpAttribute("rtpmap", $"{cn.PayloadType} CN/8000"));
        }

        accepted.Attributes.Add(new SdpAttribute("ptime", ptime.ToString(CultureInfo.InvariantCulture)));
        accepted.Attributes.Add(new SdpAttribute(Directions.Name(ours), null));

        var connection = m.Connection ?? offer.Connection!;
        var host = connection.Host;
        var onHold = host is "0.0.0.0" or "::" || theirDirection is MediaDirection.SendOnly or MediaDirection.Inactive;
        audio = new NegotiatedAudio(host, m.Port, chosen.PayloadType, chosen.EncodingName, chosen.ClockRate, dtmf?.PayloadType, ptime, ours, onHold, cn?.PayloadType);
        return true;
    }

    private static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
