namespace Telephony.Sip.Transport;

/// <summary>
/// The global cap on accepted TCP and TLS connections, shared by both listeners: each accepted
/// connection holds a file descriptor, and running out of those breaks everything at once.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ConnectionBudget(int cap)
{
    private int _open;

    public int Cap { get; } = cap;

    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes one slot; false (nothing taken) when <see cref="Cap"/> are open already.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var open = Volatile.Read(ref _open);
            if (open >= Cap)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _open, open + 1, open) == open)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
