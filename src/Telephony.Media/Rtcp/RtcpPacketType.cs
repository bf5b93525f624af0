namespace Telephony.Media.Rtcp;

/// <summary>RTCP packet types this stack reads or writes (RFC 3550 §12.1).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>Sender report: sender info plus report blocks.</summary>
    SenderReport = 200,

    /// <summary>Receiver report: report blocks only.</summary>
    ReceiverReport = 201,

    /// <summary>Source description (CNAME and friends).</summary>
    SourceDescription = 202,

    /// <summary>Goodbye: the listed sources are leaving.</summary>
    Bye = 203,

    /// <summary>Application-defined; skipped when read.</summary>
    Application = 204,
}
