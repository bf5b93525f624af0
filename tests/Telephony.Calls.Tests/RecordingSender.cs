using System.Net;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests;

/// <summary>
/// A UDP-like transport that keeps what the stack sends instead of putting it on the network:
/// the corpora name hosts in 192.0.2.0/24, which tests must never send to.
/// </summary>
internal sealed class RecordingSender : ISipSender
{
    private readonly List<SipMessage> _sent = [];

    public SipTransportKind Kind => SipTransportKind.Udp;

    public bool IsReliable => false;

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 5060);

    public IReadOnlyList<SipMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public bool Send(ReadOnlySpan<byte> message, IPEndPoint remote)
    {
        var parsed = SipParser.Parse(message, isStream: false);
        Assert.That(parsed.Status, Is.EqualTo(SipParseStatus.Complete), "the stack sent something unparseable: " + parsed.Error);
        lock (_sent)
        {
            _sent.Add(parsed.Message!);
        }

        return true;
    }
}
