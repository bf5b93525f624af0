namespace Telephony.Sdp;

/// <summary>o= line: originator and session identifier (RFC 8866 §5.2).</summary>
public sealed record SdpOrigin(string UserName, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    public override string ToString() => $"{UserName} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}

/// <summary>c= line: where media is sent (RFC 8866 §5.7); a multicast TTL/count suffix stays in <see cref="Address"/>'s tail.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The address without any "/ttl" or "/count" suffix.</summary>
    public string Host => Address.Split('/')[0];

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}

/// <summary>a= line: a property attribute (no value) or a value attribute.</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}

/// <summary>One a=rtpmap (or the static RFC 3551 mapping it implies).</summary>
public sealed record RtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels = 1);

/// <summary>Which way media flows, from the point of view of the side that wrote the SDP (RFC 3264 §5.1).</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
