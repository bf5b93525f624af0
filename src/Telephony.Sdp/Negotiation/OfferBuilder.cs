using System.Globalization;

namespace Telephony.Sdp.Negotiation;

/// <summary>
/// Our side as the offerer (RFC 3264 §5): for INVITEs that arrive without SDP (delayed offer,
/// the answer comes in the ACK) and, later, for calls we place.
/// </summary>
public static class OfferBuilder
{
    /// <summary>Static payload types of the codecs we speak (RFC 3551), and our telephone-event number.</summary>
    private static readonly Dictionary<string, int> StaticTypes = new(StringComparer.OrdinalIgnoreCase) { ["PCMU"] = 0, ["PCMA"] = 8, ["G722"] = 9 };

    private const int TelephoneEventType = 101;

    /// <summary>An offer of <see cref="AnswerOptions.Codecs"/> in order, plus telephone-event when enabled.</summary>
    public static SessionDescription Offer(AnswerOptions options)
    {
        var offer = SdpCommon.Session(options);
        var codecs = options.Codecs.Where(StaticTypes.ContainsKey).ToList();
        var formats = codecs.Select(c => StaticTypes[c].ToString(CultureInfo.InvariantCulture)).ToList();
        if (options.TelephoneEvent)
        {
            formats.Add(TelephoneEventType.ToString(CultureInfo.InvariantCulture));
        }

        var audio = new MediaDescription("audio", options.LocalPort, "RTP/AVP", formats);
        foreach (var codec in codecs)
        {
            audio.Attributes.Add(new SdpAttribute("rtpmap", $"{StaticTypes[codec]} {codec.ToUpperInvariant()}/8000"));
        }

        if (options.TelephoneEvent)
        {
            audio.Attributes.Add(new SdpAttribute("rtpmap", $"{TelephoneEventType} telephone-event/8000"));
            audio.Attributes.Add(new SdpAttribute("fmtp", $"{TelephoneEventType} 0-16"));
        }

        audio.Attributes.Add(new SdpAttribute("ptime", options.PtimeMs.ToString(CultureInfo.InvariantCulture)));
        audio.Attributes.Add(new SdpAttribute("sendrecv", null));
        offer.Media.Add(audio);
        return offer;
    }

    /// <summary>
    /// Reads the answer to <see cref="Offer"/> (RFC 3264 §6.1: the first format of the answered
    /// audio line that we offered is the codec); fails when the audio line was refused (port 0)
    /// or answers with nothing we offered.
    /// </summary>
    public static NegotiationResult ReadAnswer(SessionDescription answer, AnswerOptions options)
    {
        var m = answer.Media.FirstOrDefault(x => x.Media == "audio");
        if (m is null || m.Port == 0)
        {
            return NegotiationResult.Fail("the answer refuses our audio stream");
        }

        var maps = m.RtpMaps;
        RtpMap? chosen = null;
        foreach (var format in m.Formats)
        {
            var map = maps.FirstOrDefault(r => r.PayloadType.ToString(CultureInfo.InvariantCulture) == format)
                      ?? StaticTypes.Where(s => s.Value.ToString(CultureInfo.InvariantCulture) == format).Select(s => new RtpMap(s.Value, s.Key, 8000)).FirstOrDefault();
            if (map is not null && options.Codecs.Contains(map.EncodingName, StringComparer.OrdinalIgnoreCase) && map.ClockRate == 8000)
            {
                chosen = map;
                break;
            }
        }

        if (chosen is null)
        {
            return NegotiationResult.Fail("the answer chose no codec we offered");
        }

        var dtmf = options.TelephoneEvent ? maps.FirstOrDefault(r => r.EncodingName.Equals("telephone-event", StringComparison.OrdinalIgnoreCase) && r.ClockRate == 8000) : null;
        var ptime = m.Ptime is { } p && p is >= 10 and <= 60 && p % 10 == 0 ? p : options.PtimeMs;
        var host = (m.Connection ?? answer.Connection)?.Host ?? "0.0.0.0";
        var theirs = m.Direction;
        var ours = SdpCommon.Answering(theirs);
        var onHold = host is "0.0.0.0" or "::" || theirs is MediaDirection.SendOnly or MediaDirection.Inactive;
        return new NegotiationResult(true, 0, null, null, new NegotiatedAudio(host, m.Port, chosen.PayloadType, chosen.EncodingName.ToUpperInvariant(),
            chosen.ClockRate, dtmf?.PayloadType, ptime, ours, onHold));
    }
}
