using System.Globalization;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;

namespace Telephony.Storage.Cdr;

/// <summary>The cdr table's row shape, for Dapper; times are ISO 8601 UTC text.</summary>
internal sealed class CdrRow
{
    public long Id { get; set; }

    public string Call_Id { get; set; } = string.Empty;

    public string From_Uri { get; set; } = string.Empty;

    public string To_Uri { get; set; } = string.Empty;

    public string Started_At { get; set; } = string.Empty;

    public string? Answered_At { get; set; }

    public string Ended_At { get; set; } = string.Empty;

    public string Ended_By { get; set; } = string.Empty;

    public string Cause { get; set; } = string.Empty;

    public long? Sip_Status { get; set; }

    public string Digits { get; set; } = string.Empty;

    public string? Codec { get; set; }

    public double? Jitter_Ms { get; set; }

    public double? Loss_Pct { get; set; }

    public double? Mos { get; set; }

    public long? Rtp_Packets { get; set; }

    public string? Recording { get; set; }

    public string? Flow { get; set; }

    public string Direction { get; set; } = "inbound";

    public string? Peer_Call_Id { get; set; }

    /// <summary>1 while the leg is in progress (written when it starts, before its INVITE or our 200 OK); 0 once completed or closed as interrupted.</summary>
    public long Open { get; set; }

    /// <summary>The store that opened the row (cdr_instance.id); null for rows written before owners were recorded.</summary>
    public string? Owner { get; set; }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static object Parameters(CallDetailRecord r, string? owner = null) => new
    {
        owner,
        call_id = r.CallId,
        from_uri = r.From,
        to_uri = r.To,
        started_at = Time(r.StartedAt),
        answered_at = r.AnsweredAt is { } a ? Time(a) : null,
        ended_at = Time(r.EndedAt),
        ended_by = r.EndedBy,
        cause = r.Cause,
        sip_status = r.SipStatus,
        digits = r.Digits,
        codec = r.Codec,
        jitter_ms = r.Quality?.JitterMs,
        loss_pct = r.Quality?.LossPercent,
        mos = r.Quality?.Mos,
        rtp_packets = r.Quality?.PacketsReceived,
        recording = r.Recording,
        flow = r.Flow,
        direction = r.Direction == CallDirection.Outbound ? "outbound" : "inbound",
        peer_call_id = r.PeerCallId,
    };

    public CallDetailRecord ToRecord() => new(
        Call_Id,
        From_Uri,
        To_Uri,
        Parse(Started_At),
        Answered_At is null ? null : Parse(Answered_At),
        Parse(Ended_At),
        Ended_By,
        Open == 1 ? CallDetailRecord.InProgress : Cause,
        Sip_Status is { } s ? (int)s : null,
        Digits,
        Codec,
        Mos is { } mos ? new CallQuality(Jitter_Ms ?? 0, Loss_Pct ?? 0, mos, Rtp_Packets ?? 0) : null,
        Recording,
        Flow,
        Direction == "outbound" ? CallDirection.Outbound : CallDirection.Inbound,
        Peer_Call_Id);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
