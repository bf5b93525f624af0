namespace Telephony.Queues.Journal;

/// <summary>How queue entries end, as stored and counted (stats group by these).</summary>
public static class QueueOutcomes
{
    public const string Answered = "answered";

    public const string CallerHungUp = "caller-hung-up";

    public const string MaxWait = "max-wait";

    /// <summary>Left open by a process that stopped without closing it (a crash, SIGKILL): closed by the next start.</summary>
    public const string ServerRestart = "server-restart";
}
