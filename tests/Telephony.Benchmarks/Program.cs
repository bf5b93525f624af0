using BenchmarkDotNet.Running;

namespace Telephony.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project tests/Telephony.Benchmarks -- --filter '*'</c>;
/// <c>-- vad-frames [FRAMES]</c> prints the VAD's per-frame p50/p99 instead (docs/speech.md).
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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
