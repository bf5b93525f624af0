namespace Telephony.Calls;

/// <summary>How a call ended, decided once: the first party or event to end it wins.</summary>
internal sealed class CallOutcome
{
    private readonly Lock _sync = new();

    public string? EndedBy { get; private set; }

    public string? Cause { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsSet => EndedBy is not null;

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
            return true;
        }
    }
}
