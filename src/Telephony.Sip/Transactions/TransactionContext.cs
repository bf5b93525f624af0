namespace Telephony.Sip.Transactions;

/// <summary>What every transaction needs from its owner: timers, the timer values and bookkeeping.</summary>
public sealed class TransactionContext
{
    public TransactionContext(TimerQueue timers, SipTimerOptions options, SipStats stats, Action<object> onTerminated)
    {
        Timers = timers;
        Options = options;
        Stats = stats;
        OnTerminated = onTerminated;
    }

    public TimerQueue Timers { get; }

    public SipTimerOptions Options { get; }

    public SipStats Stats { get; }

    /// <summary>Removes a terminated transaction from its table.</summary>
    public Action<object> OnTerminated { get; }
}
