using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Telephony.Interop.Tests;

/// <summary>
/// A TLS client tunnel (Debian package stunnel4): plain TCP accepted on a loopback port is carried
/// over TLS to the server, verifying the server's certificate against the given CA file.
/// </summary>
/// <remarks>
/// Debian's sipp 3.6.1 is built without OpenSSL ("To use a TLS transport you must compile SIPp with
/// OpenSSL"), so sipp's TCP transport is wrapped in TLS by this tunnel; the server sees a real TLS
/// connection and every SIP message of sipp's scenario travels inside it.
/// </remarks>
internal sealed class Stunnel : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private Stunnel(Process process, string folder, int acceptPort)
    {
        _process = process;
        _folder = folder;
        AcceptPort = acceptPort;
    }

    /// <summary>The loopback TCP port that leads, through TLS, to the server.</summary>
    public int AcceptPort { get; }

    public static async Task<Stunnel> StartAsync(int tlsPort, string caFile)
    {
        var stunnel = ProcessRunner.Require("stunnel4", "stunnel4");
        var folder = Directory.CreateTempSubdirectory("stunnel-").FullName;
        var accept = FreePorts.Sip();
        var config = Path.Combine(folder, "client.conf");
        await File.WriteAllTextAsync(config, $"""
            foreground = yes
            pid =
            debug = notice
            [sip-tls]
            client = yes
            accept = 127.0.0.1:{accept}
            connect = 127.0.0.1:{tlsPort}
            CAfile = {caFile}
            verifyPeer = yes
            """);
        var info = new ProcessStartInfo(stunnel, config) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var tunnel = new Stunnel(process, folder, accept);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, accept);
                return tunnel;
            }
            catch (SocketException)
            {
                if (process.HasExited)
                {
                    break;
                }

                await Task.Delay(50);
            }
        }

        tunnel.Dispose();
        throw new InvalidOperationException("stunnel did not start listening on " + accept);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
