using System.Net;
using Telephony.Media.Codecs;

namespace Telephony.Media.Rtp;

/// <summary>How one call's RTP stream is set up (from the SDP negotiation).</summary>
public sealed record RtpSessionOptions
{
    public IPAddress LocalAddress { get; init; } = IPAddress.Any;

    /// <summary>Local RTP port; 0 lets the OS choose (tests).</summary>
    public int LocalPort { get; init; }

    /// <summary>Where to send, from the SDP; replaced by the first packet's source (symmetric RTP).</summary>
    public required IPEndPoint RemoteEndPoint { get; init; }

    public AudioEncoding Encoding { get; init; } = AudioEncoding.Pcmu;

    public int PayloadType { get; init; }

    public int? TelephoneEventPayloadType { get; init; }

    /// <summary>A dynamic payload type the SDP gave CN/8000 (RFC 3389); static type 13 is always taken as comfort noise.</summary>
    public int? ComfortNoisePayloadType { get; init; }

    /// <summary>Packet time in ms: 10 to 60, a multiple of 10.</summary>
    public int PtimeMs { get; init; } = 20;

    public uint? Ssrc { get; init; }

    /// <summary>
    /// How long without a packet from the caller (while we are sending, i.e. not on hold) before
    /// <see cref="RtpSession.RtpTimeout"/> fires; null never. A dead caller or a broken NAT
    /// binding would otherwise hold a line for ever.
    /// </summary>
    public TimeSpan? RtpTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Strict RTP: after latching, a new source is adopted only after this many packets in
    /// consecutive sequence while the latched source has been silent (see RtpSession).
    /// </summary>
    public int StrictRtpProbation { get; init; } = 5;

    /// <summary>A fixed RTCP report interval instead of RFC 3550's randomised ~5 s (tests).</summary>
    public TimeSpan? RtcpInterval { get; init; }
}
