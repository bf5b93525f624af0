using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telephony.Interop.Tests;

/// <summary>
/// The real <c>telephony serve</c> under the Generic Host: config file, environment and flags in
/// their precedence, errors naming their source, the log formats, and --record-channels.
/// </summary>
[NonParallelizable]
public partial class HostConfigTests
{
    /// <summary>A <c>serve</c> process in <paramref name="folder"/> (where ./telephony.yaml is looked for), with extra environment.</summary>
    private sealed class Serve : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();

        public Serve(string folder, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
            var rtp = FreePorts.UdpBlock(40);
            foreach (var a in new[] { RepoPaths.TelephonyDll, "serve", "--bind", "127.0.0.1", "--data", Path.Combine(folder, "data"), "--prompts", RepoPaths.Prompts,
                         "--dialplans", Path.Combine(folder, "dialplans"), "--rtp-ports", $"{rtp}-{rtp + 38}", "--http", "none" }.Concat(args))
            {
                info.ArgumentList.Add(a);
            }

            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            _process = Process.Start(info)!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public int Id => _process.Id;

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

        /// <summary>Waits until the server answers OPTIONS on <paramref name="port"/>; false if it exits or stays silent for 60 s.</summary>
        public async Task<bool> AnswersOnAsync(int port)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                if (await PingAsync(port) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        public async Task<int> WaitForExitAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_log)
                {
                    _log.AppendLine(line);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await ProcessRunner.TerminateAsync(_process, TimeSpan.FromSeconds(20));

            _process.Dispose();
        }
    }

    private static async Task<string?> PingAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N")[..12];
        var options = $"OPTIONS sip:ping@127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch={branch}\r\n" +
                      $"From: <sip:test@127.0.0.1>;tag=p1\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: {branch}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        await socket.SendToAsync(Encoding.ASCII.GetBytes(options), new IPEndPoint(IPAddress.Loopback, port));
        return await ServerProcess.ReceiveStatusLineAsync(socket, TimeSpan.FromMilliseconds(500));
    }

    private static string Folder(string config)
    {
        var folder = Directory.CreateTempSubdirectory("host-").FullName;
        File.WriteAllText(Path.Combine(folder, "telephony.yaml"), config);
        return folder;
    }

    [Test]
    public async Task A_flag_beats_the_environment_which_beats_the_config_file()
    {
        int a = FreePorts.Sip(), b = FreePorts.Sip(), c = FreePorts.Sip();
        var folder = Folder($"# ./telephony.yaml, read because it is there\nsip-port: {a}\n");
        var env = new Dictionary<string, string> { ["TELEPHONY_SIP_PORT"] = b.ToString() };

        bool flagWins, envWins, fileRead;
        string log;
        await using (var server = new Serve(folder, env, ["--sip-port", c.ToString()]))
        {
            flagWins = await server.AnswersOnAsync(c);
            log = server.Log;
        }

        await using (var server = new Serve(folder, env, []))
        {
            envWins = await server.AnswersOnAsync(b);
            log += server.Log;
        }

        await using (var server = new Serve(folder, new Dictionary<string, string>(), []))
        {
            fileRead = await server.AnswersOnAsync(a);
            log += server.Log;
        }

        Assert.Multiple(() =>
        {
            Assert.That(flagWins, Is.True, "flag: " + log);
            Assert.That(envWins, Is.True, "environment: " + log);
            Assert.That(fileRead, Is.True, "file: " + log);
        });
    }

    [TestCase("-TERM")]
    [TestCase("-INT")]
    public async Task A_signal_stops_the_server_cleanly_with_exit_0(string signal)
    {
        var port = FreePorts.Sip();
        await using var server = new Serve(Folder(string.Empty), new Dictionary<string, string>(), ["--sip-port", port.ToString()]);
        Assert.That(await server.AnswersOnAsync(port), Is.True, server.Log);

        using (var kill = Process.Start("kill", [signal, server.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        var code = await server.WaitForExitAsync();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, server.Log);
            Assert.That(server.Log, Does.Contain(" telephony: stopping\n").Or.Contain(" telephony: stopping" + Environment.NewLine));
            Assert.That(server.Log, Does.Match(@" telephony: stopped; calls_active=0 cdrs_written=0 "));
        });
    }

    [Test]
    public async Task A_bad_value_names_its_source_and_exits_2()
    {
        static string Bad() => Folder("quiet: true\nsip-port: 99999\n");
        var explicitFile = Path.Combine(Folder("rtp-timeout: 5\nsip-prot: 5070\n"), "telephony.yaml");

        await using var fromFile = new Serve(Bad(), new Dictionary<string, string>(), []);
        await using var fromEnv = new Serve(Bad(), new Dictionary<string, string> { ["TELEPHONY_SIP_PORT"] = "many" }, []);
        await using var fromFlag = new Serve(Bad(), new Dictionary<string, string> { ["TELEPHONY_SIP_PORT"] = "many" }, ["--sip-port", "-5"]);
        await using var unknownKey = new Serve(Bad(), new Dictionary<string, string>(), ["--config", explicitFile]);

        var codes = new[] { await fromFile.WaitForExitAsync(), await fromEnv.WaitForExitAsync(), await fromFlag.WaitForExitAsync(), await unknownKey.WaitForExitAsync() };
        Assert.Multiple(() =>
        {
            Assert.That(codes, Is.All.EqualTo(2));
            Assert.That(fromFile.Log, Is.EqualTo("telephony: telephony.yaml:2:11: error: sip-port must be a whole number from 0 to 65535 (got '99999')\n"));
            Assert.That(fromEnv.Log, Is.EqualTo("telephony: TELEPHONY_SIP_PORT: sip-port must be a whole number from 0 to 65535 (got 'many')\n"));
            Assert.That(fromFlag.Log, Is.EqualTo("telephony: --sip-port must be a whole number from 0 to 65535 (got '-5')\n"));
            Assert.That(unknownKey.Log, Is.EqualTo($"telephony: {explicitFile}:2:1: error: unknown key 'sip-prot' (did you mean 'sip-port'?)\n"));
        });
    }

    [Test]
    public async Task Json_log_lines_parse_and_text_security_lines_are_unchanged()
    {
        int jsonPort = FreePorts.Sip(), textPort = FreePorts.Sip();
        await using var json = new Serve(Folder(string.Empty), new Dictionary<string, string>(), ["--sip-port", jsonPort.ToString(), "--log-format", "json"]);
        await using var text = new Serve(Folder(string.Empty), new Dictionary<string, string> { ["TELEPHONY_QUIET"] = "true" }, ["--sip-port", textPort.ToString()]);
        Assert.That(await json.AnswersOnAsync(jsonPort) && await text.AnswersOnAsync(textPort), Is.True, json.Log + text.Log);

        foreach (var port in new[] { jsonPort, textPort })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var local = ((IPEndPoint)socket.LocalEndPoint!).Port;
            var scan = $"OPTIONS sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bKscan{port}\r\nFrom: <sip:100@127.0.0.1>;tag=s\r\n" +
                       $"To: <sip:100@127.0.0.1>\r\nCall-ID: scan{port}\r\nCSeq: 1 OPTIONS\r\nUser-Agent: friendly-scanner\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
            await socket.SendToAsync(Encoding.ASCII.GetBytes(scan), new IPEndPoint(IPAddress.Loopback, port));
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!json.Log.Contains("SECURITY scanner", StringComparison.Ordinal) || !text.Log.Contains("SECURITY scanner", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var jsonLines = json.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var security = jsonLines.Single(l => l.GetProperty("message").GetString()!.StartsWith("SECURITY ", StringComparison.Ordinal));
        var textLine = text.Log.Split('\n').Single(l => l.Contains("SECURITY", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(jsonLines.Select(l => l.GetProperty("message").GetString()), Has.Some.StartsWith("telephony: listening for SIP"));
            Assert.That(jsonLines.Select(l => l.GetProperty("timestamp").GetString()), Has.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(security.GetProperty("message").GetString(), Is.EqualTo("SECURITY scanner ip=127.0.0.1 user_agent=\"friendly-scanner\""));
            Assert.That(security.GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(security.GetProperty("category").GetString(), Is.EqualTo("Telephony.Security"));

            // docs/security.md: "2026-11-24T03:50:02.456Z SECURITY scanner ip=198.51.100.4 user_agent="friendly-scanner"".
            Assert.That(textLine, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z SECURITY scanner ip=127\.0\.0\.1 user_agent=""friendly-scanner""$"));
            Assert.That(FailRegex().IsMatch(textLine), Is.True);
        });
    }

    [Test]
    public async Task Record_channels_mono_records_a_one_channel_wav()
    {
        var recordings = Directory.CreateTempSubdirectory("recordings-").FullName;
        await using var server = await ServerProcess.StartAsync("--record", recordings, "--record-channels", "mono");

        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(30), "-sn", "uac", "-m", "1", "-d", "1000");

        Assert.That(run.ExitCode, Is.Zero, run + server.Log);
        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("recording").ValueKind == JsonValueKind.String);
        var wav = await File.ReadAllBytesAsync(cdr.GetProperty("recording").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.ASCII.GetString(wav, 0, 4), Is.EqualTo("RIFF"));
            Assert.That(BitConverter.ToInt16(wav, 22), Is.EqualTo(1), "channels");
            Assert.That(BitConverter.ToInt32(wav, 24), Is.EqualTo(8000), "sample rate");
        });
    }

    /// <summary>The fail2ban filter of docs/security.md.</summary>
    [GeneratedRegex(@"^.*SECURITY (ban|scanner|refuse) ip=127\.0\.0\.1\b")]
    private static partial Regex FailRegex();
}
