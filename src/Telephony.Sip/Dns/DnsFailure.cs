namespace Telephony.Sip.Dns;

/// <summary>Why no name server gave a usable answer.</summary>
public enum DnsFailure
{
    /// <summary>No server answered within the timeout, on any try.</summary>
    Timeout,

    /// <summary>The servers answered SERVFAIL, REFUSED or another error code.</summary>
    ServerError,

    /// <summary>Sending or receiving failed (port unreachable, connection refused or reset).</summary>
    NetworkError,

    /// <summary>A TCP answer could not be parsed or did not match the query.</summary>
    BadReply,
}
