using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

/// <summary>Pooled RTP sockets: kept bound between calls, rested before reuse, detached cleanly.</summary>
[NonParallelizable]
public class RtpSocketPoolTests
{
    private sealed class CountingSink : IRtpPacketSink
    {
        public int Packets;

        public ManualResetEventSlim InHandler { get; } = new();

        public ManualResetEventSlim Release { get; } = new(true);

        public void OnDatagram(ReadOnlySpan<byte> packet, SocketAddress source)
        {
            InHandler.Set();
            Release.Wait(TimeSpan.FromSeconds(5));
            Interlocked.Increment(ref Packets);
        }
    }

    private static (int First, int Last) FreeRange()
    {
        // Two adjacent even ports that are free now (the pool only binds even ports).
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Any, 0));
            var port = ((IPEndPoint)probe.LocalEndPoint!).Port & ~1;
            if (port < 1024 || port + 2 > 65535)
            {
                continue;
            }

            probe.Dispose();
            try
            {
                using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                a.Bind(new IPEndPoint(IPAddress.Any, port));
                using var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                b.Bind(new IPEndPoint(IPAddress.Any, port + 2));
                return (port, port + 3);
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no free port pair");
    }

    [Test]
    public async Task A_returned_socket_rests_before_the_next_call_gets_it()
    {
        var (first, last) = FreeRange();
        var time = new FakeTimeProvider();
        await using var pool = new RtpSocketPool(new RtpPortPool(first, last), new RtpSocketPoolOptions { Quarantine = TimeSpan.FromSeconds(2) }, time);
        var one = pool.Rent(AddressFamily.InterNetwork)!;
        pool.Return(one);

        var two = pool.Rent(AddressFamily.InterNetwork)!;
        Assert.That(two, Is.Not.SameAs(one), "a socket just returned is still resting: a fresh port is bound");
        pool.Return(two);

        time.Advance(TimeSpan.FromSeconds(2));
        var three = pool.Rent(AddressFamily.InterNetwork)!;
        Assert.Multiple(() =>
        {
            Assert.That(three, Is.SameAs(one), "after the quarantine the oldest idle socket is reused, still bound");
            Assert.That(pool.Open, Is.EqualTo(2));
        });
        pool.Return(three);
    }

    [Test]
    public async Task With_every_port_taken_a_resting_socket_is_used_rather_than_refusing_the_call()
    {
        var (first, last) = FreeRange();
        var time = new FakeTimeProvider();
        await using var pool = new RtpSocketPool(new RtpPortPool(first, last), new RtpSocketPoolOptions { Quarantine = TimeSpan.FromMinutes(1) }, time);
        var a = pool.Rent(AddressFamily.InterNetwork)!;
        var b = pool.Rent(AddressFamily.InterNetwork)!;
        Assert.That(pool.Rent(AddressFamily.InterNetwork), Is.Null, "two ports in the range, both in calls");

        pool.Return(a);
        Assert.That(pool.Rent(AddressFamily.InterNetwork), Is.SameAs(a));
        pool.Return(a);
        pool.Return(b);
    }

    [Test]
    public async Task Idle_sockets_beyond_the_limit_are_closed_and_their_ports_freed()
    {
        var (first, last) = FreeRange();
        var ports = new RtpPortPool(first, last);
        await using var pool = new RtpSocketPool(ports, new RtpSocketPoolOptions { MaxIdle = 1 });
        var a = pool.Rent(AddressFamily.InterNetwork)!;
        var b = pool.Rent(AddressFamily.InterNetwork)!;
        pool.Return(a);
        pool.Return(b);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (pool.Open != 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Multiple(() =>
        {
            Assert.That(pool.Idle, Is.EqualTo(1));
            Assert.That(pool.Open, Is.EqualTo(1));
            Assert.That(ports.InUse, Is.EqualTo(1), "the closed socket's port went back to the range");
        });
    }

    /// <summary>Ports 41100..41123 (12 even ones): this helper's test range, clear of other suites.</summary>
    private const int HeldFirst = 41100;
    private const int HeldLast = 41123;

    /// <summary>Another process's sockets on the first <paramref name="count"/> even ports of the range.</summary>
    private static List<Socket> HoldPorts(int count)
    {
        var held = new List<Socket>();
        for (var port = HeldFirst; held.Count < count; port += 2)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            held.Add(socket);
        }

        return held;
    }

    [Test]
    public async Task Ports_held_by_another_process_are_skipped_across_the_whole_range()
    {
        // Eleven of the twelve ports are taken by someone else: the call gets the twelfth.
        var held = HoldPorts(11);
        try
        {
            var time = new FakeTimeProvider();
            var ports = new RtpPortPool(HeldFirst, HeldLast, time);
            await using var pool = new RtpSocketPool(ports, new RtpSocketPoolOptions(), time);
            var logged = new List<string>();
            var socket = pool.Rent(AddressFamily.InterNetwork, logged.Add);
            Assert.That(socket, Is.Not.Null, "a free port remained in the range");
            Assert.Multiple(() =>
            {
                Assert.That(socket!.Port, Is.EqualTo(HeldFirst + 22));
                Assert.That(logged, Has.Count.EqualTo(11), "each port held elsewhere is reported once");
                Assert.That(ports.HeldElsewhere, Is.EqualTo(11));
            });

            // The next call does not bind the held ports again (no syscall storm per call): it is
            // refused at once, the range being full, without new log lines.
            Assert.That(pool.Rent(AddressFamily.InterNetwork, logged.Add), Is.Null);
            Assert.That(logged, Has.Count.EqualTo(11));

            // Once the other process lets a port go, it is used again after the retry interval.
            held[3].Dispose();
            time.Advance(ports.HeldElsewhereRetry);
            var again = pool.Rent(AddressFamily.InterNetwork, logged.Add);
            Assert.Multiple(() =>
            {
                Assert.That(again?.Port, Is.EqualTo(HeldFirst + 6), "the freed port is retried and bound");
                Assert.That(logged, Has.Count.EqualTo(11), "ports still held after a retry are not reported again");
            });
            pool.Return(socket!);
            pool.Return(again!);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    [Test]
    public async Task Sockets_bind_the_configured_address_and_a_wildcard_stays_a_wildcard()
    {
        await using var loopback = new RtpSocketPool(new RtpPortPool(HeldFirst, HeldLast), new RtpSocketPoolOptions { BindAddress = IPAddress.Loopback });
        var socket = loopback.Rent(AddressFamily.InterNetwork)!;
        Assert.Multiple(() =>
        {
            Assert.That(((IPEndPoint)socket.Socket.LocalEndPoint!).Address, Is.EqualTo(IPAddress.Loopback));
            Assert.That(socket.LocalAddress, Is.EqualTo(IPAddress.Loopback));
        });
        loopback.Return(socket);

        await using var any = new RtpSocketPool(new RtpPortPool(HeldFirst, HeldLast), new RtpSocketPoolOptions { BindAddress = IPAddress.Any });
        var wildcard = any.Rent(AddressFamily.InterNetwork)!;
        Assert.That(((IPEndPoint)wildcard.Socket.LocalEndPoint!).Address, Is.EqualTo(IPAddress.Any));
        any.Return(wildcard);
    }

    [Test]
    public async Task Packets_reach_the_attached_call_only_and_detach_waits_for_one_in_progress()
    {
        await using var socket = new RtpSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, socket.Port);

        var first = new CountingSink();
        first.Release.Reset();
        socket.Attach(first);
        peer.SendTo(new byte[12], target);
        Assert.That(first.InHandler.Wait(TimeSpan.FromSeconds(5)), Is.True, "the packet reached the attached call");

        var detached = Task.Run(socket.Detach);
        await Task.Delay(100);
        Assert.That(detached.IsCompleted, Is.False, "detach waits while the call is still handling a packet");
        first.Release.Set();
        await detached.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(first.Packets, Is.EqualTo(1));

        // Between calls packets are drained and dropped, never delivered to the old call.
        peer.SendTo(new byte[12], target);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (socket.DroppedUnattached == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.That(socket.DroppedUnattached, Is.EqualTo(1));

        var second = new CountingSink();
        socket.Attach(second);
        peer.SendTo(new byte[12], target);
        Assert.That(second.InHandler.Wait(TimeSpan.FromSeconds(5)), Is.True);
        Assert.That(first.Packets, Is.EqualTo(1), "the first call heard nothing after it detached");
    }
}
