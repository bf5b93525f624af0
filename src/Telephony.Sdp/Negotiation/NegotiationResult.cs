namespace Telephony.Sdp.Negotiation;

/// <summary>The audio stream both sides agreed on.</summary>
/// <param name="RemoteAddress">Where to send RTP (media-level c= else session-level).</param>
/// <param name="RemotePort">The offerer's RTP port.</param>
/// <param name="PayloadType">The chosen codec's payload type, as the offerer numbered it.</param>
/// <param name="EncodingName">Upper-case encoding name, e.g. PCMU.</param>
/// <param name="ClockRate">RTP clock rate of the codec.</param>
/// <param name="TelephoneEventPayloadType">The offerer's telephone-event payload type, if both support it.</param>
/// <param name="PtimeMs">Packet time we send with.</param>
/// <param name="Direction">Our direction in the answer.</param>
/// <param name="RemoteOnHold">The offerer is not sending to us (c=0.0.0.0, sendonly or inactive).</param>
/// <param name="ComfortNoisePayloadType">The offerer's CN/8000 payload type (RFC 3389), when it offered one.</param>
public sealed record NegotiatedAudio(
    string RemoteAddress,
    int RemotePort,
    int PayloadType,
    string EncodingName,
    int ClockRate,
    int? TelephoneEventPayloadType,
    int PtimeMs,
    MediaDirection Direction,
    bool RemoteOnHold,
    int? ComfortNoisePayloadType = null);

/// <summary>The outcome of answering an offer: an answer and its audio stream, or why not (488).</summary>
public sealed record NegotiationResult(bool Success, int FailureStatus, string? FailureReason, SessionDescription? Answer, NegotiatedAudio? Audio)
{
    public static NegotiationResult Fail(string reason) => new(false, 488, reason, null, null);
}
