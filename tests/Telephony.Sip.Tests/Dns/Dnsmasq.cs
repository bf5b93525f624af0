using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Telephony.Sip.Tests.Dns;

/// <summary>
/// A real name server for the resolver tests: Debian's dnsmasq on a loopback port, answering only
/// from the records given on its command line and NXDOMAIN for anything else under ".test".
/// </summary>
internal sealed class Dnsmasq : IDisposable
{
    public const string Binary = "/usr/sbin/dnsmasq";

    private readonly Process _process;
    private readonly StringBuilder _log;

    private Dnsmasq(Process process, StringBuilder log, IPEndPoint endPoint)
    {
        _process = process;
        _log = log;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Starts dnsmasq on a free port; <paramref name="records"/> are its record options.</summary>
    public static Dnsmasq Start(params string[] records) => Start(FreePort(), records);

    /// <summary>Starts dnsmasq on <paramref name="port"/>, e.g. again after <see cref="Dispose"/> with other records.</summary>
    public static Dnsmasq Start(int port, params string[] records)
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"{Binary} is missing: the DNS tests run a real name server. Install Debian's dnsmasq-base " +
                "(apt-get install -y dnsmasq-base).");
        }

        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--no-daemon", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1",
            $"--port={port}", "--pid-file=", "--local=/test/", "--log-queries",
        }.Concat(records))
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new Dnsmasq(process, log, new IPEndPoint(IPAddress.Loopback, port));
        server.WaitUntilAnswering();
        return server;
    }

    /// <summary>What dnsmasq printed, for failure messages.</summary>
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

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // dnsmasq forks a child per TCP connection; take those down too.
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        for (var i = 0; ; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (i < 20)
            {
            }
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    /// <summary>Sends a plain query until dnsmasq answers it, so tests never race its start.</summary>
    private void WaitUntilAnswering()
    {
        var query = new DnsPacketBuilder(0x5EED, 0x0100, 1, 0).Question("ready.test", 1).Build();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(EndPoint);
        socket.ReceiveTimeout = 100;
        var buffer = new byte[512];
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"dnsmasq exited with {_process.ExitCode} at start:\n{Log}");
            }

            try
            {
                socket.Send(query);
                if (socket.Receive(buffer) > 0)
                {
                    return;
                }
            }
            catch (SocketException)
            {
                // Not listening yet (refused) or not answering yet (timed out).
                Thread.Sleep(20);
            }
        }

        Dispose();
        Assert.Fail($"dnsmasq did not answer on {EndPoint} within 10 s:\n{Log}");
    }
}
