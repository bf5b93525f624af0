using System.Diagnostics;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>
/// Ctrl+C (SIGINT) or SIGTERM while <c>serve</c> is still starting — SIP already listens, the HTTP
/// API not yet — is a clean stop: exit 0, the shutdown summary, no .NET crash (the day-one walk
/// caught exit 134 and "Unhandled exception ... OperationCanceledException" here).
/// </summary>
[NonParallelizable]
public class StartupSignalTests
{
    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task A_signal_between_SIP_listening_and_the_API_starting_stops_cleanly(string signal)
    {
        var data = Path.Combine(Path.GetTempPath(), "telephony-startsignal-" + Guid.NewGuid().ToString("N"));
        var rtp = FreePorts.UdpBlock(100);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in new[] { RepoPaths.TelephonyDll, "serve", "--sip-port", FreePorts.Sip().ToString(), "--bind", "127.0.0.1", "--data", data,
                     "--prompts", RepoPaths.Prompts, "--dialplans", Path.Combine(RepoPaths.Root, "dialplans"), "--http", "127.0.0.1:0", "--rtp-ports", $"{rtp}-{rtp + 98}" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var log = new StringBuilder();
        var sipListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            // Signal the moment SIP listens: the API starts right after, so the signal lands mid-start.
            if (line.Contains("listening for SIP", StringComparison.Ordinal))
            {
                using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()]);
                kill.WaitForExit();
                sipListening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("serve did not stop within 60 s of the signal\n" + log);
        }

        process.WaitForExit(); // drains the output readers
        var text = log.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(sipListening.Task.IsCompleted, Is.True, "serve never logged 'listening for SIP'\n" + text);
            Assert.That(text, Does.Not.Contain("Unhandled"), text);
            Assert.That(text, Does.Contain("telephony: stopped"), text);
            Assert.That(process.ExitCode, Is.EqualTo(0), text);
        });
    }
}
