using System.Diagnostics;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>Runs an external program to completion with a deadline, capturing its output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + file);
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outTask = process.StandardOutput.ReadToEndAsync();
        var errTask = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, await outTask, "TIMED OUT after " + timeout + "\n" + await errTask);
        }

        return new Result(process.ExitCode, await outTask, await errTask);
    }

    /// <summary>Stops a server the way an operator does (SIGTERM), killing it only if it has not exited within <paramref name="grace"/>.</summary>
    public static async Task TerminateAsync(System.Diagnostics.Process process, TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString()]);
        await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The full path of a command on PATH; fails the test (never skips) when it is missing.</summary>
    public static string Require(string command, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{command}' is not installed: install the Debian package '{debianPackage}' (./telephony test does this)");
        return command;
    }
}
