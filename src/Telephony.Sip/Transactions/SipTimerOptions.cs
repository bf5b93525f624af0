namespace Telephony.Sip.Transactions;

/// <summary>The RFC 3261 base timers (§17.1.1.1); everything else derives from them.</summary>
/// <param name="T1">RTT estimate, 500 ms by default.</param>
/// <param name="T2">Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s.</param>
/// <param name="T4">Maximum time a message stays in the network, 5 s.</param>
public sealed record SipTimerOptions(TimeSpan T1, TimeSpan T2, TimeSpan T4)
{
    public static SipTimerOptions Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    /// <summary>64·T1: Timers B, F, H, J and L, and the 2xx retransmission give-up.</summary>
    public TimeSpan TransactionTimeout => T1 * 64;

    /// <summary>The next retransmit interval: doubled, capped at T2.</summary>
    public TimeSpan Backoff(TimeSpan current) => current * 2 < T2 ? current * 2 : T2;
}
