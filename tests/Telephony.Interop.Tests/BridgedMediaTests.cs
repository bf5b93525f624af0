using System.Buffers.Binary;
using Telephony.Media.Codecs;

namespace Telephony.Interop.Tests;

/// <summary>
/// Media through a bridged transfer, captured on loopback with tcpdump and decoded: the caller's
/// 1 kHz tone reaches the agent and the agent's echo of it comes back to the caller; the caller's
/// RFC 4733 digits reach the agent; a PCMU caller's audio reaches a PCMA and a G.722 agent
/// transcoded. They need the media layer's RtpBridge plugged into the server
/// (TelephonyServer.MediaBridges); until then the server logs "no media bridge is plugged in" and
/// these fail saying so.
/// </summary>
[NonParallelizable]
public class BridgedMediaTests
{
    private const int ToneHz = 1000;
    private BridgeRig _rig = null!;

    [SetUp]
    public void SetUp() => _rig = new BridgeRig();

    [TearDown]
    public void TearDown() => _rig.Dispose();

    /// <summary>What one bridged call sent each peer.</summary>
    private sealed record Run(List<Pcap.Datagram> ToAgent, List<Pcap.Datagram> ToCaller, List<Pcap.Datagram> FromCaller, string Log, ProcessRunner.Result Caller, ProcessRunner.Result Agent)
    {
        public string Why => Log.Contains("no media bridge is plugged in", StringComparison.Ordinal)
            ? "the server has no media bridge plugged in (Telephony.Media.Bridge.RtpBridge is not merged/wired yet)\n" + Log
            : Log;
    }

    /// <summary>A PCMU caller plays <paramref name="pcaps"/> to an agent answering on <paramref name="agentPayloadType"/> that echoes RTP; the caller hangs up.</summary>
    private async Task<Run> BridgeAsync(int agentPayloadType, IReadOnlyList<string> pcaps)
    {
        var callerMedia = FreePorts.UdpBlock(4);
        var agentMedia = FreePorts.UdpBlock(4);
        await using var server = await _rig.ServeAsync();
        await using var capture = await Tcpdump.StartAsync(callerMedia, agentMedia);
        var agent = _rig.Agent(BridgeScenarios.Agent(agentPayloadType, holdMs: null), agentMedia, echo: true);
        var caller = await _rig.Caller(server, BridgeScenarios.Caller(0, pcaps, holdMs: 3500), callerMedia);
        var agentRun = await agent;
        await BridgeRig.LegsAsync(server);
        var datagrams = await capture.StopAsync();
        return new Run(
            [.. datagrams.Where(d => d.DestinationPort == agentMedia && d.SourcePort != agentMedia)],
            [.. datagrams.Where(d => d.DestinationPort == callerMedia && d.SourcePort != callerMedia)],
            [.. datagrams.Where(d => d.SourcePort == callerMedia)],
            server.Log, caller, agentRun);
    }

    /// <summary>3 s of a 1 kHz tone as PCMU RTP, for sipp to play.</summary>
    private string TonePcap()
    {
        var payloads = new List<byte[]>();
        for (var packet = 0; packet < 150; packet++)
        {
            var payload = new byte[160];
            for (var i = 0; i < payload.Length; i++)
            {
                var n = (packet * 160) + i;
                payload[i] = G711.LinearToMuLaw((short)(8000 * Math.Sin(2 * Math.PI * ToneHz * n / 8000.0)));
            }

            payloads.Add(payload);
        }

        var path = Path.Combine(_rig.Folder, "tone-pcmu.pcap");
        Pcap.WriteRtp(path, 0, payloads);
        return path;
    }

    /// <summary>The audio of the RTP packets with <paramref name="payloadType"/>, decoded, and its sample rate.</summary>
    private static (short[] Samples, int Rate) Decode(IEnumerable<Pcap.Datagram> packets, int payloadType)
    {
        var samples = new List<short>();
        var g722 = new Telephony.Media.Codecs.G722.G722Decoder();
        foreach (var d in packets)
        {
            if (d.Payload.Length <= 12 || (d.Payload[1] & 0x7f) != payloadType)
            {
                continue;
            }

            var body = d.Payload.AsSpan(12 + (4 * (d.Payload[0] & 0x0f)));
            var pcm = new short[payloadType == 9 ? body.Length * 2 : body.Length];
            var count = body.Length;
            if (payloadType == 0)
            {
                G711.DecodeMuLaw(body, pcm);
            }
            else if (payloadType == 8)
            {
                G711.DecodeALaw(body, pcm);
            }
            else
            {
                count = g722.Decode(body, pcm);
            }

            samples.AddRange(pcm.Take(count));
        }

        return ([.. samples], payloadType == 9 ? 16000 : 8000);
    }

    /// <summary>The share of the signal's energy at <paramref name="hz"/> (Goertzel over 20 ms blocks): near 1 for a clean tone, near 0 otherwise.</summary>
    private static double ToneShare(short[] samples, int rate, int hz)
    {
        var block = rate / 50;
        double tone = 0, total = 0;
        var coefficient = 2 * Math.Cos(2 * Math.PI * hz / rate);
        for (var start = 0; start + block <= samples.Length; start += block)
        {
            double s1 = 0, s2 = 0, energy = 0;
            for (var i = 0; i < block; i++)
            {
                var x = samples[start + i];
                var s0 = x + (coefficient * s1) - s2;
                s2 = s1;
                s1 = s0;
                energy += (double)x * x;
            }

            tone += ((s1 * s1) + (s2 * s2) - (coefficient * s1 * s2)) * 2 / block;
            total += energy;
        }

        return total == 0 ? 0 : tone / total;
    }

    private static void AssertTone(IEnumerable<Pcap.Datagram> packets, int payloadType, string who, Run run)
    {
        var (samples, rate) = Decode(packets, payloadType);
        Assert.That(samples.Length, Is.GreaterThan(rate), $"{who} received under a second of payload type {payloadType}\n{run.Why}");
        var loud = samples.Count(s => Math.Abs((int)s) > 2000);
        Assert.That(loud, Is.GreaterThan(rate / 2), $"{who} received silence, not the caller's tone\n{run.Why}");
        Assert.That(ToneShare(samples, rate, ToneHz), Is.GreaterThan(0.5), $"{who} did not receive the caller's 1 kHz tone\n{run.Why}");
    }

    [Test]
    public async Task Audio_flows_both_ways_through_the_bridge()
    {
        var run = await BridgeAsync(0, [TonePcap()]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Caller.ExitCode, Is.Zero, run.Caller + run.Log);
            Assert.That(run.Agent.ExitCode, Is.Zero, run.Agent.ToString());
            AssertTone(run.FromCaller, 0, "the server (from the caller: is the capture working?)", run);
            // The caller's 3 s tone (150 packets) plays whole before its BYE; nearly all of it is relayed.
            Assert.That(run.ToAgent.Count(d => (d.Payload[1] & 0x7f) == 0), Is.GreaterThan(100).And.GreaterThanOrEqualTo(run.FromCaller.Count * 9 / 10),
                $"RTP packets the server relayed to the agent, of {run.FromCaller.Count} from the caller\n" + run.Why);
            AssertTone(run.ToAgent, 0, "the agent", run);

            // The agent echoes what it hears: the caller's tone comes back through the bridge.
            AssertTone(run.ToCaller, 0, "the caller", run);
        });
    }

    [Test]
    public async Task The_callers_rfc4733_digits_reach_the_agent()
    {
        var run = await BridgeAsync(0, [.. new[] { "1", "2", "3", "pound" }.Select(k => $"/usr/share/sip-tester/dtmf_2833_{k}.pcap")]);

        // RFC 4733 §2.3: event 0-9, 11 for #; the end bit (0x80 of byte 1) marks each digit's final packets.
        var events = new List<int>();
        foreach (var d in run.ToAgent.Where(d => d.Payload.Length >= 16 && (d.Payload[1] & 0x7f) == 101))
        {
            var eventCode = d.Payload[12];
            if (events.Count == 0 || events[^1] != eventCode)
            {
                events.Add(eventCode);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(run.Caller.ExitCode, Is.Zero, run.Caller + run.Log);
            Assert.That(events, Is.EqualTo(new[] { 1, 2, 3, 11 }), "telephone-events the agent received, in order\n" + run.Why);
        });
    }

    [Test]
    public async Task A_pcmu_caller_bridged_to_a_pcma_agent_is_transcoded()
    {
        var run = await BridgeAsync(8, [TonePcap()]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Caller.ExitCode, Is.Zero, run.Caller + run.Log);
            Assert.That(run.ToAgent.Count(d => (d.Payload[1] & 0x7f) == 0), Is.Zero, "no PCMU reaches the PCMA agent\n" + run.Why);
            AssertTone(run.ToAgent, 8, "the PCMA agent", run);
            AssertTone(run.ToCaller, 0, "the PCMU caller (the agent's echo, transcoded back)", run);
        });
    }

    [Test]
    public async Task A_pcmu_caller_bridged_to_a_g722_agent_is_transcoded()
    {
        var run = await BridgeAsync(9, [TonePcap()]);

        Assert.Multiple(() =>
        {
            Assert.That(run.Caller.ExitCode, Is.Zero, run.Caller + run.Log);
            Assert.That(run.ToAgent.Count(d => (d.Payload[1] & 0x7f) == 0), Is.Zero, "no PCMU reaches the G.722 agent\n" + run.Why);
            AssertTone(run.ToAgent, 9, "the G.722 agent", run);
        });
    }

    /// <summary>Guards the decoder used above: a PCMU tone written by <see cref="Pcap"/> reads back as the tone.</summary>
    [Test]
    public void The_tone_pcap_decodes_to_a_1_khz_tone()
    {
        var path = TonePcap();
        var packets = Pcap.ReadUdp(path);
        var (samples, rate) = Decode(packets, 0);

        Assert.Multiple(() =>
        {
            Assert.That(packets, Has.Count.EqualTo(150));
            Assert.That(BinaryPrimitives.ReadUInt16BigEndian(packets[1].Payload.AsSpan(2)), Is.EqualTo(1001));
            Assert.That(ToneShare(samples, rate, ToneHz), Is.GreaterThan(0.9));
            Assert.That(ToneShare(samples, rate, 425), Is.LessThan(0.05));
        });
    }
}
