using BenchmarkDotNet.Running;

namespace Telephony.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project tests/Telephony.Benchmarks -- --filter '*'</c>;
/// <c>-- vad-frames [FRAMES]</c> prints the VAD's per-frame p50/p99 instead (docs/speech.md);
/// <c>-- routing [ROUNDS]</c> prints a queue routing round's p50/p99 with 1,000 agents and 10,000 callers (docs/performance.md).
/// </summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "vad-frames")
        {
            VadFrameTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
            return;
        }

        if (args.Length > 0 && args[0] == "routing")
        {
            RoutingTiming.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
