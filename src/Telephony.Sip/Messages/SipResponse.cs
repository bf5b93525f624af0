namespace Telephony.Sip.Messages;

/// <summary>A SIP response: status code, reason phrase and the common message parts.</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>
    /// Builds a response to <paramref name="request"/> per RFC 3261 §8.2.6: Via lines, From,
    /// Call-ID and CSeq copied; To copied with <paramref name="toTag"/> added when it has none.
    /// </summary>
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var response = new SipResponse(statusCode, reasonPhrase ?? SipStatus.ReasonPhrase(statusCode));
        foreach (var h in request.Headers)
        {
            if (Is(h.Name, HeaderNames.Via) || Is(h.Name, HeaderNames.From)
                || Is(h.Name, HeaderNames.CallId) || Is(h.Name, HeaderNames.CSeq))
            {
                response.Headers.Add(h.Name, h.Value);
            }
            else if (Is(h.Name, HeaderNames.To))
            {
                var to = h.Value;
                if (toTag is not null && statusCode > 100 && !global::Telephony.Sip.Headers.NameAddress.HasTag(to))
                {
                    to = to + ";tag=" + toTag;
                }

                response.Headers.Add(h.Name, to);
            }
        }

        return response;
    }

    private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    internal override void WriteStartLine(ref SipWriter writer)
    {
        writer.Write("SIP/2.0 ");
        writer.WriteInt(StatusCode);
        writer.Write(' ');
        writer.Write(ReasonPhrase);
    }
}
