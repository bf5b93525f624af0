namespace Telephony.Sip.Messages;

/// <summary>A SIP request: method, Request-URI and the common message parts.</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, string requestUri)
    {
        Method = method;
        RequestUri = requestUri;
    }

    /// <summary>The method token exactly as received (methods are case-sensitive, RFC 3261 §7.1).</summary>
    public string Method { get; }

    public string RequestUri { get; set; }

    public override bool IsRequest => true;

    internal override void WriteStartLine(ref SipWriter writer)
    {
        writer.Write(Method);
        writer.Write(' ');
        writer.Write(RequestUri);
        writer.Write(" SIP/2.0");
    }
}
