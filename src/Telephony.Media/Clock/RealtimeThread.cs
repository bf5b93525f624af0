using System.Runtime.InteropServices;

namespace Telephony.Media.Clock;

/// <summary>
/// Asks Linux to run the calling thread under SCHED_FIFO, so the media clock preempts the
/// receive loops and the thread pool the moment its deadline comes instead of waiting for a
/// time slice. .NET thread priorities do not reach the Linux scheduler, so this goes to libc.
/// </summary>
/// <remarks>
/// Needs root or CAP_SYS_NICE; without them the clock keeps normal scheduling (and says so).
/// The kernel's RT throttling (sched_rt_runtime_us, 95% by default) still leaves the rest of the
/// machine time to run even if a listener misbehaved.
/// </remarks>
internal static class RealtimeThread
{
    private const int SchedFifo = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    // DllImport, not LibraryImport: the signature is blittable and this project builds without unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SchedSetScheduler(int pid, int policy, ref SchedParam param);
#pragma warning restore SYSLIB1054

    private const int ClockMonotonic = 1;
    private const int TimerAbsTime = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clock, int flags, ref TimeSpec request, IntPtr remain);
#pragma warning restore SYSLIB1054

    /// <summary>
    /// Sleeps until an absolute <see cref="System.Diagnostics.Stopwatch"/> timestamp (CLOCK_MONOTONIC
    /// in nanoseconds on Linux): for a SCHED_FIFO thread the wake-up comes within tens of
    /// microseconds, where <see cref="Thread.Sleep(int)"/> only knows whole milliseconds.
    /// </summary>
    public static void SleepUntil(long stopwatchTimestamp)
    {
        var request = new TimeSpec { Seconds = stopwatchTimestamp / 1_000_000_000, Nanoseconds = stopwatchTimestamp % 1_000_000_000 };
        // A signal may end the sleep early (EINTR): the clock loop re-checks the time and sleeps again.
        _ = ClockNanosleep(ClockMonotonic, TimerAbsTime, ref request, IntPtr.Zero);
    }

    /// <summary>Whether <see cref="SleepUntil"/> can be used: Linux, with Stopwatch counting nanoseconds of CLOCK_MONOTONIC.</summary>
    public static bool CanSleepPrecisely => OperatingSystem.IsLinux() && System.Diagnostics.Stopwatch.Frequency == 1_000_000_000;

    /// <summary>True when the calling thread now runs SCHED_FIFO at <paramref name="priority"/> (1–99).</summary>
    public static bool TryEnable(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var param = new SchedParam { Priority = priority };
            return SchedSetScheduler(0, SchedFifo, ref param) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
