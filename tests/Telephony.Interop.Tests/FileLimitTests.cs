using System.Net;
using System.Net.Sockets;

namespace Telephony.Interop.Tests;

/// <summary>
/// Issue 15 item 2: the real server under a 256-file limit, flooded with idle TCP connections from
/// 20 loopback addresses, stays under its connection cap, keeps answering and does not die.
/// </summary>
public class FileLimitTests
{
    [Test]
    public async Task A_server_at_its_file_limit_refuses_connections_beyond_its_cap_and_keeps_answering()
    {
        await using var server = await ServerProcess.StartWithFileLimitAsync(256, "--quiet", "--trusted", "none", "--http", "none");
        var sockets = new List<Socket>();
        try
        {
            // 127.0.0.2..127.0.0.21 are all loopback on Linux: 20 addresses × 20 connections = 400, the per-address cap (64) never reached.
            for (var a = 2; a <= 21; a++)
            {
                for (var i = 0; i < 20; i++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{a}"), 0));
                    try
                    {
                        await socket.ConnectAsync(server.SipEndPoint);
                    }
                    catch (SocketException)
                    {
                        socket.Dispose();
                        continue;
                    }

                    sockets.Add(socket);
                }
            }

            await Task.Delay(1000);
            var open = sockets.Count(s => !ClosedByServer(s));
            var ping = await server.PingAsync(TimeSpan.FromSeconds(3));
            Assert.Multiple(() =>
            {
                Assert.That(server.HasExited, Is.False, "the server is still running\n" + server.Log);
                Assert.That(server.Log, Does.Match(@"at most (\d+) TCP/TLS connections at once \(default; open-file limit 256, (\d+) in use at start\)"));
                Assert.That(open, Is.EqualTo(Cap(server.Log)), "the cap logged at start, half the descriptors then free");
                Assert.That(ping, Is.EqualTo("SIP/2.0 200 OK"), "UDP answered at the cap");
                Assert.That(server.Log.Split('\n').Count(l => l.Contains("SECURITY overload reason=max-connections", StringComparison.Ordinal)), Is.EqualTo(1), "one line for all the refusals");
                Assert.That(server.Log, Does.Not.Contain("Unhandled exception"));
            });

            // Slots freed are taken again.
            sockets.ForEach(s => s.Dispose());
            sockets.Clear();
            await Task.Delay(500);
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await again.ConnectAsync(server.SipEndPoint);
            await Task.Delay(300);
            Assert.That(ClosedByServer(again), Is.False, "a new connection is kept once others closed");
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static int Cap(string log) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(log, @"at most (\d+) TCP/TLS").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the server closed or reset <paramref name="socket"/> (readable with nothing to read).</summary>
    private static bool ClosedByServer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Receive(new byte[1], SocketFlags.Peek) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
