using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Telephony.Interop.Tests;

/// <summary>Where the running server's RTP sockets listen: the SIP bind address unless --rtp-bind says otherwise.</summary>
[NonParallelizable]
public partial class RtpBindTests
{
    [Test]
    public async Task With_bind_127_0_0_1_a_calls_rtp_socket_is_bound_to_127_0_0_1()
    {
        // ServerProcess starts every server with --bind 127.0.0.1.
        await using var server = await ServerProcess.StartAsync("--digit-timeout", "20000");
        var (address, run) = await CallAndFindRtpSocketAsync(server);
        Assert.Multiple(() =>
        {
            Assert.That(address, Is.EqualTo(IPAddress.Loopback), "RTP must not listen on every interface when SIP listens on loopback\n" + server.Log);
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
        });
    }

    [Test]
    public async Task Rtp_bind_overrides_the_sip_bind_address()
    {
        await using var server = await ServerProcess.StartAsync("--digit-timeout", "20000", "--rtp-bind", "0.0.0.0");
        var (address, run) = await CallAndFindRtpSocketAsync(server);
        Assert.Multiple(() =>
        {
            Assert.That(address, Is.EqualTo(IPAddress.Any), server.Log);
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
            Assert.That(server.Log, Does.Contain("on 0.0.0.0; media clock"), "the startup line says where RTP listens");
        });
    }

    /// <summary>One sipp call; the local address of the server-owned UDP socket on the call's RTP port.</summary>
    private static async Task<(IPAddress? Address, ProcessRunner.Result Run)> CallAndFindRtpSocketAsync(ServerProcess server)
    {
        var run = await Sipp.RunAsync(server, TimeSpan.FromSeconds(30), "-sn", "uac", "-m", "1", "-d", "500");
        var match = RtpPortLine().Match(server.Log);
        Assert.That(match.Success, Is.True, "the call logged its RTP port\n" + run + server.Log);
        var port = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);

        // The socket stays bound in the pool after the call, owned by the server process.
        var owned = SocketInodes(server.ProcessId);
        var found = ProcUdp().Where(s => s.Port == port && owned.Contains(s.Inode)).Select(s => s.Address).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"one server socket on RTP port {port}");
        return (found[0], run);
    }

    /// <summary>The inodes of the sockets open in <paramref name="pid"/> (its fd links read "socket:[INODE]").</summary>
    private static HashSet<long> SocketInodes(int pid)
    {
        var inodes = new HashSet<long>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(long.Parse(target["socket:[".Length..^1], CultureInfo.InvariantCulture));
            }
        }

        return inodes;
    }

    /// <summary>IPv4 UDP sockets from /proc/net/udp: local address (hex, little-endian), port (hex), inode (column 10).</summary>
    private static IEnumerable<(IPAddress Address, int Port, long Inode)> ProcUdp()
    {
        foreach (var line in File.ReadLines("/proc/net/udp").Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = columns[1].Split(':');
            var raw = uint.Parse(local[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            yield return (new IPAddress(raw), int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                long.Parse(columns[9], CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"rtp port (\d+) <->")]
    private static partial Regex RtpPortLine();
}
