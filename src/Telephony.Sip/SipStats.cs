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
    private long _receiveErrors;
    private long _messageTimeouts;
    private long _acceptErrors;

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

    /// <summary>TCP/TLS connections refused because their source already held too many, or the global cap was reached.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);

    /// <summary>Datagrams and connections whose processing failed unexpectedly (a bug or resource exhaustion); the transport kept serving.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>TCP/TLS connections closed because a message begun was not complete within the message timeout (slowloris).</summary>
    public long MessageTimeouts => Interlocked.Read(ref _messageTimeouts);

    /// <summary>Failed accepts (out of file descriptors, EMFILE/ENFILE, or another socket error); the accept loop backed off and went on.</summary>
    public long AcceptErrors => Interlocked.Read(ref _acceptErrors);

    internal void ReceiveError() => Interlocked.Increment(ref _receiveErrors);

    internal void MessageTimeout() => Interlocked.Increment(ref _messageTimeouts);

    internal void AcceptError() => Interlocked.Increment(ref _acceptErrors);

    internal void RateLimit() => Interlocked.Increment(ref _rateLimited);

    internal void Scanner() => Interlocked.Increment(ref _scanners);

    internal void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);

    internal void RequestReceived(string method)
    {
        Interlocked.Increment(ref _requestsReceived);
        Interlocked.Increment(ref _requestsByMethod[MethodSlot(method)]);
    }

    internal void ResponseReceived(int status)
    {
        Interlocked.Increment(ref _responsesReceived);
        Interlocked.Increment(ref _responsesReceivedByCode[CodeSlot(status)]);
    }

    internal void ResponseSent(int status) => Interlocked.Increment(ref _responsesSentByCode[CodeSlot(status)]);

    /// <summary>The methods counted by name; anything else is counted as "other".</summary>
    public static IReadOnlyList<string> CountedMethods { get; } =
        ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO", "UPDATE", "REFER", "NOTIFY", "SUBSCRIBE", "MESSAGE", "PRACK", "PUBLISH", "other"];

    private readonly long[] _requestsByMethod = new long[15];
    private readonly long[] _responsesReceivedByCode = new long[700];
    private readonly long[] _responsesSentByCode = new long[700];

    /// <summary>Requests received so far, per method of <see cref="CountedMethods"/> (same order).</summary>
    public long[] RequestsByMethod() => Snapshot(_requestsByMethod);

    /// <summary>Responses received, indexed by status code (100-699; other codes count at 0).</summary>
    public long[] ResponsesReceivedByCode() => Snapshot(_responsesReceivedByCode);

    /// <summary>Responses we sent through server transactions and as answers to malformed requests, indexed by status code.</summary>
    public long[] ResponsesSentByCode() => Snapshot(_responsesSentByCode);

    private static long[] Snapshot(long[] counters)
    {
        var copy = new long[counters.Length];
        for (var i = 0; i < counters.Length; i++)
        {
            copy[i] = Interlocked.Read(ref counters[i]);
        }

        return copy;
    }

    private static int CodeSlot(int status) => status is >= 100 and < 700 ? status : 0;

    // A switch over string literals compiles to a length-and-character jump table: no allocation, no hashing of the whole method.
    private static int MethodSlot(string method) => method switch
    {
        "INVITE" => 0,
        "ACK" => 1,
        "BYE" => 2,
        "CANCEL" => 3,
        "OPTIONS" => 4,
        "REGISTER" => 5,
        "INFO" => 6,
        "UPDATE" => 7,
        "REFER" => 8,
        "NOTIFY" => 9,
        "SUBSCRIBE" => 10,
        "MESSAGE" => 11,
        "PRACK" => 12,
        "PUBLISH" => 13,
        _ => 14,
    };

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
        $"rate_limited={RateLimited} scanners_dropped={ScannersDropped} connections_refused={ConnectionsRefused} " +
        $"receive_errors={ReceiveErrors} message_timeouts={MessageTimeouts} accept_errors={AcceptErrors}";
}
