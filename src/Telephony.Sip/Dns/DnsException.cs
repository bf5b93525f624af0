namespace Telephony.Sip.Dns;

/// <summary>A DNS lookup got no usable answer from any name server.</summary>
public sealed class DnsException : Exception
{
    public DnsException()
    {
    }

    public DnsException(string message)
        : base(message)
    {
    }

    public DnsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DnsException(string message, DnsFailure failure, DnsResponseCode? responseCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        ResponseCode = responseCode;
    }

    /// <summary>Why the last try failed.</summary>
    public DnsFailure Failure { get; }

    /// <summary>The server's RCODE when <see cref="Failure"/> is <see cref="DnsFailure.ServerError"/>.</summary>
    public DnsResponseCode? ResponseCode { get; }
}
