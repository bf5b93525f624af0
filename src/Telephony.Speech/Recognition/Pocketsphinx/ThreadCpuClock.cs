using System.Runtime.InteropServices;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// CPU time of the calling thread (clock_gettime CLOCK_THREAD_CPUTIME_ID): what a recognition
/// costs, unlike wall time, which on a loaded machine also counts the time other threads ran.
/// A recognition's steps are synchronous, so a step starts and ends on one thread.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>The thread's CPU time so far, in <see cref="TimeSpan"/> ticks.</summary>
    public static long Ticks()
    {
        return ClockGetTime(ClockThreadCpuTime, out var now) == 0 ? (now.Seconds * TimeSpan.TicksPerSecond) + (now.Nanoseconds / 100) : 0;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
