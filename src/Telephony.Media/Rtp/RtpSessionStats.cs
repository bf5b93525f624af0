using System.Net;

namespace Telephony.Media.Rtp;

/// <summary>Counters of one RTP session.</summary>
/// <param name="PacketsSent">Packets we sent.</param>
/// <param name="PacketsReceived">Valid packets accepted from the latched source.</param>
/// <param name="MalformedDropped">Datagrams that were not RTP.</param>
/// <param name="DigitsReceived">DTMF digits (RFC 4733 and signalled).</param>
/// <param name="LatchedRemote">Where our RTP goes (the caller's real source).</param>
/// <param name="ForeignDropped">Packets from a source other than the latched one (strict RTP).</param>
/// <param name="UnknownPayloadDropped">Packets with a payload type the SDP never negotiated.</param>
/// <param name="Relatches">Times a new source was adopted after probation.</param>
/// <param name="RtcpSent">RTCP compound reports we sent.</param>
/// <param name="RtcpReceived">Valid RTCP compound packets received.</param>
/// <param name="RtcpMalformed">RTCP datagrams dropped as malformed.</param>
/// <param name="RoundTrip">Round-trip time from the peer's latest report on our stream.</param>
/// <param name="ComfortNoiseReceived">Comfort noise packets (RFC 3389) among <paramref name="PacketsReceived"/>.</param>
public sealed record RtpSessionStats(long PacketsSent, long PacketsReceived, long MalformedDropped, long DigitsReceived, IPEndPoint? LatchedRemote,
    long ForeignDropped = 0, long UnknownPayloadDropped = 0, long Relatches = 0, long RtcpSent = 0, long RtcpReceived = 0, long RtcpMalformed = 0,
    TimeSpan? RoundTrip = null, long ComfortNoiseReceived = 0);
