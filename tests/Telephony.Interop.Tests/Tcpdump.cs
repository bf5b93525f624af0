using System.Diagnostics;

namespace Telephony.Interop.Tests;

/// <summary>A tcpdump capture of UDP on loopback to a file (Debian package tcpdump; needs root or CAP_NET_RAW, as the tests run in CI).</summary>
internal sealed class Tcpdump : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _errors = new();

    private Tcpdump(Process process, string file)
    {
        _process = process;
        File = file;
    }

    public string File { get; }

    /// <summary>Starts capturing UDP to or from any of <paramref name="ports"/>; returns once tcpdump listens.</summary>
    public static Task<Tcpdump> StartAsync(params int[] ports) =>
        StartFilterAsync("udp and (" + string.Join(" or ", ports.Select(p => $"port {p}")) + ")");

    /// <summary>Starts capturing UDP to or from ports <paramref name="first"/>..<paramref name="last"/> (a server's RTP range).</summary>
    public static Task<Tcpdump> StartRangeAsync(int first, int last) => StartFilterAsync($"udp and portrange {first}-{last}");

    private static async Task<Tcpdump> StartFilterAsync(string filter)
    {
        var tcpdump = ProcessRunner.Require("tcpdump", "tcpdump");
        var file = Path.Combine(Path.GetTempPath(), "bridge-" + Guid.NewGuid().ToString("N") + ".pcap");
        var info = new ProcessStartInfo(tcpdump) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-i", "lo", "-U", "-n", "-s", "0", "-w", file, filter })
        {
            info.ArgumentList.Add(a);
        }

        var capture = new Tcpdump(Process.Start(info)!, file);
        capture._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (capture._errors)
            {
                capture._errors.AppendLine(e.Data);
            }

            if (e.Data.Contains("listening on", StringComparison.Ordinal))
            {
                capture._listening.TrySetResult();
            }
        };
        capture._process.BeginErrorReadLine();
        var ready = await Task.WhenAny(capture._listening.Task, capture._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20)));
        if (ready != capture._listening.Task)
        {
            Assert.Fail("tcpdump did not start capturing: " + capture.Errors);
        }

        return capture;
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Stops the capture (SIGINT flushes the file) and reads the datagrams.</summary>
    public async Task<List<Pcap.Datagram>> StopAsync()
    {
        if (!_process.HasExited)
        {
            // On SIGINT tcpdump stops reading at once: on a loaded machine it can be half a second
            // behind the kernel's buffer, and the last packets of the run (a barge-in's) were lost.
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var stop = Process.Start("kill", ["-INT", _process.Id.ToString()]);
            await stop.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        return Pcap.ReadUdp(File);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        System.IO.File.Delete(File);
    }
}
