using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Sip.Messages;

namespace Telephony.Sip.Tests;

/// <summary>The stack on IPv6 loopback (RFC 5118 addressing on the wire).</summary>
public class Ipv6Tests
{
    [Test]
    public void Options_over_udp_and_tcp_on_ipv6_are_answered_with_bracketed_addresses()
    {
        using var stack = new SipStack(new SipStackOptions { BindAddress = IPAddress.IPv6Loopback, Port = 0 });
        stack.Start();
        var port = stack.UdpEndPoint!.Port;

        using var udp = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        udp.ReceiveTimeout = 3000;
        var local = ((IPEndPoint)udp.LocalEndPoint!).Port;
        udp.SendTo(Encoding.ASCII.GetBytes(Options("UDP", local, "v6udp")), new IPEndPoint(IPAddress.IPv6Loopback, port));
        var buffer = new byte[4096];
        var udpAnswer = (SipResponse)SipParser.Parse(buffer.AsSpan(0, udp.Receive(buffer)), false).Message!;

        using var tcp = new TcpClient(AddressFamily.InterNetworkV6);
        tcp.Connect(IPAddress.IPv6Loopback, stack.TcpEndPoint!.Port);
        tcp.GetStream().Write(Encoding.ASCII.GetBytes(Options("TCP", ((IPEndPoint)tcp.Client.LocalEndPoint!).Port, "v6tcp")));
        tcp.ReceiveTimeout = 3000;
        var n = tcp.GetStream().Read(buffer);
        var tcpAnswer = (SipResponse)SipParser.Parse(buffer.AsSpan(0, n), true).Message!;

        Assert.Multiple(() =>
        {
            Assert.That(udpAnswer.StatusCode, Is.EqualTo(200));
            Assert.That(udpAnswer.TopVia!.Host, Is.EqualTo("[::1]"));
            Assert.That(tcpAnswer.StatusCode, Is.EqualTo(200));
        });
    }

    private static string Options(string transport, int port, string branch) =>
        $"OPTIONS sip:x@[::1] SIP/2.0\r\nVia: SIP/2.0/{transport} [::1]:{port};branch=z9hG4bK{branch}\r\nFrom: <sip:a@[::1]>;tag=1\r\n" +
        $"To: <sip:x@[::1]>\r\nCall-ID: {branch}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}
