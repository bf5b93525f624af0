using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Telephony.Interop.Tests;

/// <summary>The real <c>telephony serve</c> process on free loopback ports with its own data folder.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, int sipPort, string dataFolder)
    {
        _process = process;
        SipPort = sipPort;
        DataFolder = dataFolder;
    }

    public int SipPort { get; }

    public string DataFolder { get; }

    public IPEndPoint SipEndPoint => new(IPAddress.Loopback, SipPort);

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (to find the sockets it holds in /proc).</summary>
    public int ProcessId => _process.Id;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Task<ServerProcess> StartAsync(params string[] extraArgs) => StartCoreAsync(null, null, extraArgs);

    /// <summary>A server on <paramref name="dataFolder"/> (another server's, to restart it), or on a new folder when null.</summary>
    public static Task<ServerProcess> StartInAsync(string? dataFolder, params string[] extraArgs) => StartCoreAsync(dataFolder, null, extraArgs);

    /// <summary>The server with its open-file limit (soft and hard) set to <paramref name="fileLimit"/>, through util-linux prlimit.</summary>
    public static Task<ServerProcess> StartWithFileLimitAsync(int fileLimit, params string[] extraArgs) => StartCoreAsync(null, fileLimit, extraArgs);

    private static async Task<ServerProcess> StartCoreAsync(string? dataFolder, int? fileLimit, string[] extraArgs)
    {
        var port = FreePorts.Sip();
        var rtp = FreePorts.UdpBlock(400);
        var data = dataFolder ?? Path.Combine(Path.GetTempPath(), "telephony-test-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo(fileLimit is null ? "dotnet" : "prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        // Tests of the built-in flow get an empty dialplans folder; dialplan tests pass their own.
        var dialplans = extraArgs.Contains("--dialplans") ? [] : new[] { "--dialplans", Path.Combine(data, "dialplans") };

        // Servers run side by side: each API takes a free port (read back from its log) unless the test chooses.
        var http = extraArgs.Contains("--http") ? [] : new[] { "--http", "127.0.0.1:0" };
        if (fileLimit is { } limit)
        {
            info.ArgumentList.Add($"--nofile={limit}:{limit}");
            info.ArgumentList.Add("dotnet");
        }

        foreach (var a in new[] { RepoPaths.TelephonyDll, "serve", "--sip-port", port.ToString(), "--bind", "127.0.0.1", "--data", data,
                     "--prompts", RepoPaths.Prompts, "--rtp-ports", $"{rtp}-{rtp + 398}" }.Concat(dialplans).Concat(http).Concat(extraArgs))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var server = new ServerProcess(process, port, data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilAnsweringAsync();
        return server;
    }

    /// <summary>Sends OPTIONS over UDP and returns the status line of the answer, or null on silence.</summary>
    public async Task<string?> PingAsync(TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        var options = $"OPTIONS sip:ping@127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch={branch}\r\n" +
                      $"From: <sip:test@127.0.0.1>;tag=p1\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: {branch}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await socket.SendToAsync(Encoding.ASCII.GetBytes(options), SipEndPoint);
        return await ReceiveStatusLineAsync(socket, timeout);
    }

    /// <summary>The first line of the next datagram on <paramref name="socket"/>, or null on silence.</summary>
    public static async Task<string?> ReceiveStatusLineAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            var end = text.IndexOf('\r', StringComparison.Ordinal);
            return end < 0 ? text : text[..end];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The CDRs as <c>telephony cdr list --json</c> prints them.</summary>
    public async Task<List<JsonElement>> CdrsAsync()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, "cdr", "list", "--json", "--last", "1000000", "--data", DataFolder], TimeSpan.FromSeconds(60));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    /// <summary>Whether a CDR is of a call still in progress (its row is written when the call starts).</summary>
    public static bool InProgress(JsonElement cdr) => cdr.GetProperty("cause").GetString() == "in-progress";

    /// <summary>Polls until at least <paramref name="count"/> CDRs of ended calls exist (they are completed in the background); returns those.</summary>
    public async Task<List<JsonElement>> WaitForCdrsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var cdrs = (await CdrsAsync()).Where(c => !InProgress(c)).ToList();
            if (cdrs.Count >= count || DateTime.UtcNow > deadline)
            {
                return cdrs;
            }

            await Task.Delay(300);
        }
    }

    public static async Task<JsonElement> CdrForAsync(ServerProcess server, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var found = (await server.CdrsAsync()).Where(c => !InProgress(c)).Where(match).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            await Task.Delay(300);
        }

        Assert.Fail("no matching CDR appeared within 30 s\n" + server.Log);
        return default;
    }

    /// <summary>The HTTP API's base address, from the server's "HTTP API on ..." log line (waits up to 30 s for it).</summary>
    public async Task<Uri> ApiAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var match = System.Text.RegularExpressions.Regex.Match(Log, @"HTTP API on (http://\S+?)/? \(");
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value + "/");
            }

            await Task.Delay(50);
        }

        Assert.Fail("the server logged no HTTP API address within 30 s:\n" + Log);
        return null!;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"server exited with {_process.ExitCode}:\n{Log}");
            }

            if (await PingAsync(TimeSpan.FromMilliseconds(500)) is not null)
            {
                return;
            }
        }

        Assert.Fail("server did not answer OPTIONS within 60 s:\n" + Log);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>SIGKILL (<c>kill -9</c>): the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Leave the data folder on dispose (a server restarted on it still uses it).</summary>
    public bool KeepData { get; set; }

    /// <summary>SIGTERM, as an operator stops it; the data folder stays for reading CDRs until <see cref="DisposeAsync"/>.</summary>
    public Task StopAsync() => ProcessRunner.TerminateAsync(_process, TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.TerminateAsync(_process, TimeSpan.FromSeconds(20));

        _process.Dispose();
        if (KeepData)
        {
            return;
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; nothing depends on it.
        }
    }
}
