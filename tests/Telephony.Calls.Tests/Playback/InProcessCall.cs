using System.Net;
using System.Net.Sockets;
using System.Text;
using Telephony.Calls.Cdr;
using Telephony.Calls.Prompts;
using Telephony.Media.Clock;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;
using Telephony.Sip;
using Telephony.Sip.Messages;
using Telephony.Sip.Transport;

namespace Telephony.Calls.Tests.Playback;

/// <summary>
/// One real call through the real SIP stack and call manager, in process: the caller's SIP is
/// handed to the stack as its UDP transport would (answers are kept, not sent), the caller's RTP
/// is a plain UDP socket on loopback receiving what the call plays.
/// </summary>
internal sealed class InProcessCall : IAsyncDisposable
{
    private const int CallerSipPort = 40000;
    private const string CallId = "playback-1@127.0.0.1";

    private readonly MediaClock _clock = new();
    private readonly RtpSocketPool _sockets;
    private readonly SipStack _stack;
    private readonly RecordingSender _sender = new();
    private readonly CallManager _manager;
    private readonly TaskCompletionSource _flowDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class NoCdrs : ICdrSink
    {
        public void Write(CallDetailRecord record)
        {
        }
    }

    /// <param name="telephoneEvent">Whether the caller's SDP offers telephone-event (else DTMF goes in-band).</param>
    public InProcessCall(string promptFolder, Func<ICall, Task> flow, TonePlan plan, bool telephoneEvent = true, int rtpPortBase = 47000)
    {
        Rtp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Rtp.ReceiveTimeout = 3000;
        _sockets = new RtpSocketPool(new RtpPortPool(rtpPortBase, rtpPortBase + 200));
        var services = new CallServices(new PromptLibrary(promptFolder), _clock, _sockets, new NoCdrs(),
            TimeProvider.System, Log: null, RtpTimeoutSeconds: 0, TonePlan: plan);
        _manager = new CallManager(services, async call =>
        {
            try
            {
                await flow(call);
                _flowDone.TrySetResult();
            }
            catch (Exception e)
            {
                _flowDone.TrySetException(e);
                throw;
            }
        });
        _stack = new SipStack(new SipStackOptions(), TimeProvider.System) { CallHandler = _manager };
        var port = ((IPEndPoint)Rtp.LocalEndPoint!).Port;
        var sdp = "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                  $"m=audio {port} RTP/AVP 0{(telephoneEvent ? " 101" : string.Empty)}\r\na=rtpmap:0 PCMU/8000\r\n" +
                  (telephoneEvent ? "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" : string.Empty);
        Deliver(
            "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{CallerSipPort};branch=z9hG4bK-inv\r\n" +
            $"From: caller <sip:caller@127.0.0.1:{CallerSipPort}>;tag=caller1\r\n" +
            "To: service <sip:service@127.0.0.1:5060>\r\n" +
            $"Call-ID: {CallId}\r\nCSeq: 1 INVITE\r\nContact: sip:caller@127.0.0.1:{CallerSipPort}\r\nMax-Forwards: 70\r\n" +
            $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}");
    }

    /// <summary>The caller's RTP socket: what the call plays arrives here.</summary>
    public Socket Rtp { get; }

    /// <summary>Completes when the flow returns (faults with its exception).</summary>
    public Task FlowDone => _flowDone.Task;

    /// <summary>Waits for the 200 OK and acknowledges it, as the caller's phone would; media starts then.</summary>
    public async Task AckAsync()
    {
        var ok = await WaitForAsync(() => _sender.Sent.OfType<SipResponse>().FirstOrDefault(r => r.StatusCode == 200));
        Deliver(Request("ACK", "z9hG4bK-ack", 1, ok.To!.Tag));
    }

    /// <summary>Where the call receives RTP: the port in our answer's m= line.</summary>
    public async Task<IPEndPoint> CallRtpAsync()
    {
        var ok = await WaitForAsync(() => _sender.Sent.OfType<SipResponse>().FirstOrDefault(r => r.StatusCode == 200));
        var sdp = Encoding.ASCII.GetString(ok.Body.Span);
        var port = int.Parse(sdp.Split("m=audio ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return new IPEndPoint(IPAddress.Loopback, port);
    }

    /// <summary>The caller presses a key: RFC 4733 start, update and three end packets from the caller's RTP socket.</summary>
    public async Task PressAsync(byte eventCode)
    {
        var target = await CallRtpAsync();
        ushort seq = 100;
        foreach (var (end, duration) in new[] { (false, 160), (false, 320), (true, 480), (true, 480), (true, 480) })
        {
            var packet = new byte[16];
            new Media.Rtp.RtpHeader(seq == 100, 101, seq++, 5000, 0x1234).TryWrite(packet, out _);
            Media.Dtmf.Rfc4733Encoder.Write(packet.AsSpan(12), eventCode, end, 10, (ushort)duration);
            Rtp.SendTo(packet, target);
        }
    }

    /// <summary>The caller hangs up.</summary>
    public async Task ByeAsync()
    {
        var ok = await WaitForAsync(() => _sender.Sent.OfType<SipResponse>().FirstOrDefault(r => r.StatusCode == 200));
        Deliver(Request("BYE", "z9hG4bK-bye", 2, ok.To!.Tag));
    }

    public (Media.Rtp.RtpHeader Header, byte[] Payload) ReceiveRtp()
    {
        var buffer = new byte[2048];
        var n = Rtp.Receive(buffer);
        Assert.That(Media.Rtp.RtpHeader.TryRead(buffer.AsSpan(0, n), out var header, out var offset, out var length), Is.True);
        return (header, buffer.AsSpan(offset, length).ToArray());
    }

    private static string Request(string method, string branch, int cseq, string? toTag) =>
        $"{method} sip:telephony@127.0.0.1:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{CallerSipPort};branch={branch}\r\n" +
        $"From: caller <sip:caller@127.0.0.1:{CallerSipPort}>;tag=caller1\r\n" +
        $"To: service <sip:service@127.0.0.1:5060>;tag={toTag}\r\n" +
        $"Call-ID: {CallId}\r\nCSeq: {cseq} {method}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    private void Deliver(string message)
    {
        var parsed = SipParser.Parse(Encoding.ASCII.GetBytes(message), isStream: false);
        Assert.That(parsed.Status, Is.EqualTo(SipParseStatus.Complete), parsed.Error);
        _stack.OnMessage(parsed.Message!, new SipSource(_sender, new IPEndPoint(IPAddress.Loopback, CallerSipPort)));
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the call did not get there");
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        _stack.Dispose();
        Rtp.Dispose();
        _clock.Dispose();
        await _sockets.DisposeAsync();
    }
}
