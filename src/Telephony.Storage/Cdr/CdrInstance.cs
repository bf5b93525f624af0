using System.Diagnostics;

namespace Telephony.Storage.Cdr;

/// <summary>One CDR store's identity in the database: which process on which host owns the rows it opened.</summary>
/// <param name="Id">New for every store (a restart is a new owner, even with the same pid).</param>
/// <param name="Host">The machine name: a pid means something only on its own host.</param>
/// <param name="Pid">The owning process.</param>
/// <param name="ProcessStartedAt">When that process started, so a reused pid is not taken for the owner.</param>
public sealed record CdrInstance(string Id, string Host, int Pid, DateTimeOffset? ProcessStartedAt)
{
    /// <summary>A new owner for this process.</summary>
    public static CdrInstance Current()
    {
        using var self = Process.GetCurrentProcess();
        return new CdrInstance(Guid.NewGuid().ToString("N"), Environment.MachineName, Environment.ProcessId, StartOf(self));
    }

    /// <summary>
    /// Whether <paramref name="owner"/>'s process still runs, as far as this host can tell: a process
    /// on another host counts as running (only its heartbeat can say it is gone); here, its pid must
    /// exist and have started when the owner's did.
    /// </summary>
    public static bool IsRunning(CdrInstance owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!string.Equals(owner.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(owner.Pid);
            if (process.HasExited)
            {
                return false;
            }

            // A pid reused by another process is not the owner (a restarted container is often pid 1 again).
            return owner.ProcessStartedAt is not { } started || StartOf(process) is not { } now || (now - started).Duration() < TimeSpan.FromSeconds(2);
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // exited while we looked
        }
    }

    private static DateTimeOffset? StartOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
