using System.Diagnostics;
using System.Runtime.InteropServices;
using Telephony.Speech.Vad;

namespace Telephony.Benchmarks;

/// <summary>
/// The per-frame figure of docs/speech.md: every 20 ms frame of 10,000 (speech and silence)
/// timed with a Stopwatch, reported as p50, p99 and max. BenchmarkDotNet gives means; the target
/// is on the tail, which only per-call timing shows. Each frame is timed twice: wall clock (what a
/// call waits, preemption included: on a shared, loaded machine the tail is the scheduler's) and
/// the thread's CPU time (what the frame costs, which is what the target is about).
/// <c>dotnet run -c Release --project tests/Telephony.Benchmarks -- vad-frames [FRAMES]</c>.
/// </summary>
internal static partial class VadFrameTiming
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
    public static void Run(int frames)
    {
        var audio = VadAudio.Load();
        using var model = SileroVadModel.Load(VadModelFile.DefaultPath());
        using var silero = model.CreateDetector();
        using var energy = new EnergyVad();
        Console.WriteLine($"VAD cost per 20 ms frame over {frames} frames ({Environment.ProcessorCount} cores, {Environment.OSVersion}):");
        Report(silero, audio, frames);
        Report(energy, audio, frames);
    }

    private static void Report(IVoiceActivityDetector vad, short[] audio, int frames)
    {
        Time(vad, audio, 500, new double[500], new double[500]); // warm-up: JIT tiers, ONNX Runtime's first runs
        var wall = new double[frames];
        var cpu = new double[frames];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Time(vad, audio, frames, wall, cpu);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(wall);
        Array.Sort(cpu);
        Console.WriteLine(
            $"  {vad.Engine,-7} wall p50 {Percentile(wall, 0.50):F4} ms  p90 {Percentile(wall, 0.90):F4} ms  p95 {Percentile(wall, 0.95):F4} ms  p99 {Percentile(wall, 0.99):F4} ms  max {wall[^1]:F4} ms  mean {wall.Average():F4} ms  allocated {allocated} B");
        Console.WriteLine(
            $"  {vad.Engine,-7} cpu  p50 {Percentile(cpu, 0.50):F4} ms  p90 {Percentile(cpu, 0.90):F4} ms  p95 {Percentile(cpu, 0.95):F4} ms  p99 {Percentile(cpu, 0.99):F4} ms  max {cpu[^1]:F4} ms  mean {cpu.Average():F4} ms");
    }

    private static void Time(IVoiceActivityDetector vad, short[] audio, int frames, double[] wall, double[] cpu)
    {
        var offset = 0;
        for (var i = 0; i < frames; i++)
        {
            var frame = audio.AsSpan(offset, VadAudio.FrameSamples);
            offset = (offset + VadAudio.FrameSamples) % audio.Length;
            var cpuStart = ThreadCpuMilliseconds();
            var start = Stopwatch.GetTimestamp();
            vad.Feed(frame);
            wall[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            cpu[i] = ThreadCpuMilliseconds() - cpuStart;
        }
    }

    private static double ThreadCpuMilliseconds()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: the CPU-time figure needs Linux");
        }

        return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
