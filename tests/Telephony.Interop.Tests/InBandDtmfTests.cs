using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Interop.Tests;

/// <summary>
/// A caller whose SDP has no telephone-event (an old phone, a PSTN gateway passing tones): its
/// keys arrive as tones in the audio and must still reach the flow and the CDR.
/// </summary>
/// <remarks>
/// sipp has no way to play generated tones, so the caller here is a minimal UAC on raw sockets:
/// INVITE, ACK, RTP from the port its SDP names, 200 to the server's BYE.
/// </remarks>
[NonParallelizable]
public class InBandDtmfTests
{
    [Test]
    public async Task Keys_sent_as_tones_are_collected_and_stored_in_the_cdr()
    {
        var recordings = Directory.CreateTempSubdirectory("recordings-").FullName;
        await using var server = await ServerProcess.StartAsync("--digit-timeout", "8000", "--record", recordings);
        using var sip = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sip.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var media = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        media.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var sipPort = ((IPEndPoint)sip.LocalEndPoint!).Port;
        var mediaPort = ((IPEndPoint)media.LocalEndPoint!).Port;
        // Silence for a second (the welcome plays), then 7, 3 and # as tones, then silence. Built
        // before the call: generating them after the ACK delayed the caller's first packet by up to
        // 120 ms on a loaded machine (measured), and the recording rightly showed the keys that late.
        var packets = new List<byte[]>();
        packets.AddRange(Enumerable.Range(0, 50).Select(_ => Silence()));
        packets.AddRange(TonePackets("73#"));
        packets.AddRange(Enumerable.Range(0, 50).Select(_ => Silence()));
        for (var i = 0; i < packets.Count; i++)
        {
            var packet = new byte[12 + packets[i].Length];
            new RtpHeader(i == 0, 0, (ushort)i, (uint)i * 160u, 4242).TryWrite(packet, out _);
            packets[i].CopyTo(packet, 12);
            packets[i] = packet;
        }

        var callId = Guid.NewGuid().ToString("N");
        var sdp = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {mediaPort} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        string Headers(string method, int cseq, string toTag) =>
            $"Via: SIP/2.0/UDP 127.0.0.1:{sipPort};branch=z9hG4bK{Guid.NewGuid():N}\r\nFrom: <sip:oldphone@127.0.0.1>;tag=op1\r\n" +
            $"To: <sip:ivr@127.0.0.1>{toTag}\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\nContact: <sip:oldphone@127.0.0.1:{sipPort}>\r\nMax-Forwards: 70\r\n";
        await sip.SendToAsync(Encoding.ASCII.GetBytes($"INVITE sip:ivr@127.0.0.1 SIP/2.0\r\n{Headers("INVITE", 1, string.Empty)}Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}"), server.SipEndPoint);

        var ok = await ReceiveAsync(sip, m => m.StartsWith("SIP/2.0 200", StringComparison.Ordinal));
        var toTag = Regex.Match(ok, @"^To:.*?(;tag=[^\s;]+)", RegexOptions.Multiline).Groups[1].Value;
        var rtpPort = int.Parse(Regex.Match(ok, @"m=audio (\d+)").Groups[1].Value);
        Assert.That(ok, Does.Not.Contain("telephone-event"), "the answer follows the offer: no RFC 4733");
        await sip.SendToAsync(Encoding.ASCII.GetBytes($"ACK sip:ivr@127.0.0.1 SIP/2.0\r\n{Headers("ACK", 1, toTag)}Content-Length: 0\r\n\r\n"), server.SipEndPoint);

        var ackSent = System.Diagnostics.Stopwatch.GetTimestamp();
        TimeSpan? callerStarted = null;
        ushort seq = 0;
        foreach (var packet in packets)
        {
            await media.SendToAsync(packet, new IPEndPoint(IPAddress.Loopback, rtpPort));
            callerStarted ??= System.Diagnostics.Stopwatch.GetElapsedTime(ackSent);
            seq++;
            await Task.Delay(20);
        }

        var bye = await ReceiveAsync(sip, m => m.StartsWith("BYE ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var byeHeaders = string.Join("\r\n", bye.Split("\r\n").Where(l => Regex.IsMatch(l, "^(Via|From|To|Call-ID|CSeq):")));
        await sip.SendToAsync(Encoding.ASCII.GetBytes($"SIP/2.0 200 OK\r\n{byeHeaders}\r\nContent-Length: 0\r\n\r\n"), server.SipEndPoint);

        var cdr = await ServerProcess.CdrForAsync(server, c => c.GetProperty("call_id").GetString() == callId);
        Assert.Multiple(() =>
        {
            Assert.That(cdr.GetProperty("digits").GetString(), Is.EqualTo("73"), server.Log);

            // The same call's audio as the server received it: every packet, paced by this test.
            Assert.That(cdr.GetProperty("rtp_packets").GetInt64(), Is.EqualTo(seq));
            Assert.That(cdr.GetProperty("loss_pct").GetDouble(), Is.Zero);
            Assert.That(cdr.GetProperty("mos").GetDouble(), Is.InRange(4.0, 4.5));
            Assert.That(cdr.GetProperty("jitter_ms").GetDouble(), Is.InRange(0, 10));
        });

        // The recording: stereo, the caller's tones on the left where they were sent, our prompt on the right.
        var path = cdr.GetProperty("recording").GetString()!;
        var wav = await File.ReadAllBytesAsync(path);
        var frames = (wav.Length - 44) / 4;
        double Energy(int channel, int fromMs, int toMs)
        {
            double sum = 0;
            for (var i = fromMs * 8; i < Math.Min(frames, toMs * 8); i++)
            {
                double v = System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + (4 * i) + (2 * channel)));
                sum += v * v;
            }

            return sum / Math.Max(1, (toMs - fromMs) * 8);
        }

        Assert.Multiple(() =>
        {
            Assert.That(path, Does.StartWith(recordings));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)), Is.EqualTo(2));
            Assert.That(frames / 8000.0, Is.InRange(4.0, 30.0), "the whole call, answer to hang-up");
            // The recording places the caller's stream where it really began: the key is 1 s into
            // the caller's stream, which started when this test sent its first packet after the ACK.
            var lag = (int)callerStarted!.Value.TotalMilliseconds;
            Assert.That(Energy(0, 1020 + lag, 1080 + lag), Is.GreaterThan(1e5), $"the caller's first key (1 s into its stream, which began {lag} ms after the ACK) on the left");
            Assert.That(Energy(0, 200, 900), Is.LessThan(1e3), "the caller's silence before it");
            Assert.That(Energy(1, 200, 900), Is.GreaterThan(1e4), "our welcome prompt on the right");
        });
    }

    private static byte[] Silence() => Enumerable.Repeat((byte)0xFF, 160).ToArray();

    private static IEnumerable<byte[]> TonePackets(string keys)
    {
        foreach (var key in keys)
        {
            var pcm = new short[800]; // 100 ms of tone
            new ToneGenerator(ToneSpec.Dtmf(key, 100)).Read(pcm);
            var encoded = EncodedAudio.FromPcm(pcm, AudioEncoding.Pcmu).Data;
            for (var i = 0; i < encoded.Length; i += 160)
            {
                yield return encoded[i..(i + 160)];
            }

            for (var i = 0; i < 5; i++)
            {
                yield return Silence(); // 100 ms between keys
            }
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, Func<string, bool> wanted, TimeSpan? timeout = null)
    {
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            var text = Encoding.ASCII.GetString(buffer, 0, n);
            if (wanted(text))
            {
                return text;
            }
        }
    }
}
