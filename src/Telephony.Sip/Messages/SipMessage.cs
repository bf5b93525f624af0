using System.Globalization;
using Telephony.Sip.Headers;

namespace Telephony.Sip.Messages;

/// <summary>A SIP request or response: headers in order plus an opaque body.</summary>
/// <remarks>
/// Typed views (Via, From, CSeq, ...) are parsed on demand from the raw header values, so a
/// message that is only routed never pays for headers nobody reads. Not thread-safe.
/// </remarks>
public abstract class SipMessage
{
    public SipHeaderCollection Headers { get; } = new();

    /// <summary>The body bytes, exactly Content-Length long once parsed.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public string? CallId => Headers.Get(HeaderNames.CallId);

    public string? ContentType => Headers.Get(HeaderNames.ContentType);

    /// <summary>The top Via, or null when absent or unparseable.</summary>
    public ViaHeader? TopVia => ViaHeader.TryParse(Headers.GetValues(HeaderNames.Via).FirstOrDefault(), out var via) ? via : null;

    public NameAddress? From => NameAddress.TryParse(Headers.Get(HeaderNames.From), out var v) ? v : null;

    public NameAddress? To => NameAddress.TryParse(Headers.Get(HeaderNames.To), out var v) ? v : null;

    public CSeqHeader? CSeq => CSeqHeader.TryParse(Headers.Get(HeaderNames.CSeq), out var v) ? v : null;

    /// <summary>Max-Forwards as a number, or null when absent or not a number.</summary>
    public int? MaxForwards =>
        int.TryParse(Headers.Get(HeaderNames.MaxForwards), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public abstract bool IsRequest { get; }

    /// <summary>Writes the start line (without CRLF) into the serializer.</summary>
    internal abstract void WriteStartLine(ref SipWriter writer);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(SipSerializer.Serialize(this));
}
