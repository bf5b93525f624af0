namespace Telephony.Sip.Transport;

public enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,
}

/// <summary>How a transport is written in SIP: the Via token and the URI parameter.</summary>
public static class SipTransportNames
{
    /// <summary>The Via transport token: UDP, TCP or TLS (RFC 3261 §20.42).</summary>
    public static string ViaToken(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        _ => "UDP",
    };

    /// <summary>The URI parameter for Contact/Request-URIs: empty for UDP (the default), else ";transport=tcp|tls".</summary>
    public static string UriParameter(this SipTransportKind kind) => kind switch
    {
        SipTransportKind.Tcp => ";transport=tcp",
        SipTransportKind.Tls => ";transport=tls",
        _ => string.Empty,
    };
}
