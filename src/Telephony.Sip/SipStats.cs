namespace Telephony.Sip;

/// <summary>Counters of what the stack saw and did; read by metrics and tests.</summary>
/// <remarks>Thread-safe: every field is updated with <see cref="Interlocked"/>.</remarks>
public sealed class SipStats
{
    private long _requestsReceived;
    private long _responsesReceived;
    private long _malformedAnswered;
    private long _malformedDropped;
    private long _retransmissionsAbsorbed;
    private long _retransmissionsSent;
    private long _strayResponses;
    private long _ackTimeouts;
    private long _clientTimeouts;
    private long _rateLimited;
    private long _scanners;
    private long _connectionsRefused;

    public long RequestsReceived => Interlocked.Read(ref _requestsReceived);

    public long ResponsesReceived => Interlocked.Read(ref _responsesReceived);

    /// <summary>Bad requests answered with a 4xx/5xx.</summary>
    public long MalformedAnswered => Interlocked.Read(ref _malformedAnswered);

    /// <summary>Input dropped because no response could be addressed (garbage, no Via, bad ACK, bad response).</summary>
    public long MalformedDropped => Interlocked.Read(ref _malformedDropped);

    public long RetransmissionsAbsorbed => Interlocked.Read(ref _retransmissionsAbsorbed);

    public long RetransmissionsSent => Interlocked.Read(ref _retransmissionsSent);

    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    /// <summary>Final responses never acknowledged (Timer H, or the 2xx give-up).</summary>
    public long AckTimeouts => Interlocked.Read(ref _ackTimeouts);

    /// <summary>Our requests that got no final response (Timer F).</summary>
    public long ClientTimeouts => Interlocked.Read(ref _clientTimeouts);

    /// <summary>Datagrams and messages dropped because their source exceeded the rate limit or is banned.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Requests from known scanners, dropped unanswered.</summary>
    public long ScannersDropped => Interlocked.Read(ref _scanners);

    /// <summary>TCP connections refused because their source already held too many.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    internal void RateLimit() => Interlocked.Increment(ref _rateLimited);

    internal void Scanner() => Interlocked.Increment(ref _scanners);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void RequestReceived() => Interlocked.Increment(ref _requestsReceived);

    internal void ResponseReceived() => Interlocked.Increment(ref _responsesReceived);

    internal void Answered() => Interlocked.Increment(ref _malformedAnswered);

    internal void Dropped() => Interlocked.Increment(ref _malformedDropped);

    internal void Absorbed() => Interlocked.Increment(ref _retransmissionsAbsorbed);

    internal void Retransmitted() => Interlocked.Increment(ref _retransmissionsSent);

    internal void Stray() => Interlocked.Increment(ref _strayResponses);

    internal void AckTimeout() => Interlocked.Increment(ref _ackTimeouts);

    internal void ClientTimeout() => Interlocked.Increment(ref _clientTimeouts);

    public override string ToString() =>
        $"requests={RequestsReceived} responses={ResponsesReceived} malformed_answered={MalformedAnswered} " +
        $"malformed_dropped={MalformedDropped} retrans_absorbed={RetransmissionsAbsorbed} retrans_sent={RetransmissionsSent} " +
        $"stray_responses={StrayResponses} ack_timeouts={AckTimeouts} client_timeouts={ClientTimeouts} " +
        $"rate_limited={RateLimited} scanners_dropped={ScannersDropped} connections_refused={ConnectionsRefused}";
}
