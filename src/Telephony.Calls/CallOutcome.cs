namespace Telephony.Calls;

/// <summary>How a call ended, decided once: the first party or event to end it wins.</summary>
#pragma warning disable CA1001 // _decided never has a timer: nothing to release, and its token must stay readable after the call is gone.
internal sealed class CallOutcome
#pragma warning restore CA1001
{
    private readonly Lock _sync = new();
    private readonly CancellationTokenSource _decided = new();

    public string? EndedBy { get; private set; }

    public string? Cause { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsSet => EndedBy is not null;

    /// <summary>
    /// Fires when the end is recorded: before the BYE goes out and its answer lets the call's
    /// Ended fire, so waits of the flow (a gather) stop at once instead of running on.
    /// </summary>
    public CancellationToken Decided => _decided.Token;

    /// <summary>The end as recorded, read whole; null while the call goes on.</summary>
    public CallEnd? Read()
    {
        lock (_sync)
        {
            return EndedBy is null ? null : new CallEnd(EndedBy, Cause ?? "unknown");
        }
    }

    /// <summary>Records the end if none is recorded yet; returns true for the call that did.</summary>
    public bool TrySet(string endedBy, string cause, DateTimeOffset at)
    {
        lock (_sync)
        {
            if (EndedBy is not null)
            {
                return false;
            }

            EndedBy = endedBy;
            Cause = cause;
            EndedAt = at;
        }

        _decided.Cancel();
        return true;
    }
}
