namespace Telephony.Calls.Screening;

/// <summary>
/// How many inbound calls the server takes: overall, and from one source address, in total and
/// not yet confirmed by an ACK. One address can then never hold the RTP ports and call slots
/// others need (a half-open INVITE flood holds each port for 64·T1 otherwise).
/// </summary>
/// <param name="MaxCalls">Concurrent inbound calls overall; 0 means no limit.</param>
/// <param name="MaxCallsPerSource">Concurrent inbound calls from one address (trusted networks exempt).</param>
/// <param name="MaxUnconfirmedPerSource">Calls from one address whose INVITE is not yet confirmed by an ACK: ringing, or answered and waiting for the ACK (trusted networks exempt).</param>
/// <param name="NoAckStrikes">Calls from one address that ended without an ACK within a minute before it is banned like a rate offender (trusted networks exempt); 0 never bans.</param>
public sealed record CallLimits(int MaxCalls, int MaxCallsPerSource, int MaxUnconfirmedPerSource, int NoAckStrikes = 3)
{
    public const int DefaultMaxCallsPerSource = 100;
    public const int DefaultMaxUnconfirmedPerSource = 20;

    /// <summary>No limit at all (tests of other things, benchmarks).</summary>
    public static readonly CallLimits None = new(0, 0, 0, 0);
}
