using System.Net;

namespace Telephony.Media.Rtp;

/// <summary>Counters of one RTP session.</summary>
public sealed record RtpSessionStats(long PacketsSent, long PacketsReceived, long MalformedDropped, long DigitsReceived, IPEndPoint? LatchedRemote);
