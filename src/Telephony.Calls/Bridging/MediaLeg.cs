using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Calls.Bridging;

/// <summary>One leg's media as a media bridge sees it: its RTP session and what was negotiated.</summary>
/// <param name="CallId">The leg's Call-ID (for logs).</param>
/// <param name="Session">The leg's RTP session (socket, playout, DTMF).</param>
/// <param name="Encoding">The negotiated codec.</param>
/// <param name="PayloadType">Its RTP payload type.</param>
/// <param name="TelephoneEventPayloadType">RFC 4733 payload type, null when the leg has none (digits then go as tones).</param>
public sealed record MediaLeg(string CallId, RtpSession Session, AudioEncoding Encoding, int PayloadType, int? TelephoneEventPayloadType);
