using System.Globalization;
using System.Text.RegularExpressions;
using Telephony.Calls.Speech;
using Telephony.Media.Audio;
using Telephony.Media.Codecs;

namespace Telephony.Interop.Tests;

/// <summary>
/// One sipp caller speaking into a served dialplan, watched on the wire: the caller's audio is
/// built from a real recording (Debian pocketsphinx-testdata), tcpdump on loopback captures its
/// RTP and ours, and the CDR and the <c>transcripts</c> rows are read back. Shared by the barge-in
/// tests (inline dialplan) and the sample speech menu tests (dialplans/cards.yaml).
/// </summary>
internal static class SpeechCall
{
    public const string CardsData = "/usr/share/pocketsphinx/test/data/cards";

    /// <summary>Calls <paramref name="service"/> (the Request-URI user: a routed number, or any name for a default dialplan) and plays <paramref name="callerAudio"/> after sipp's 1.5 s pause after the ACK; hangs up <paramref name="hangUpAfterMs"/> after that, or when null waits for our BYE.</summary>
    public static async Task<SpeechRun> RunAsync(string folder, string dialplans, string service, IReadOnlyList<byte[]> callerAudio, int? hangUpAfterMs = null)
    {
        var pcap = Path.Combine(folder, "caller.pcap");
        Pcap.WriteRtp(pcap, 0, callerAudio);
        var rtp = FreePorts.UdpBlock(40);
        await using var server = await ServerProcess.StartAsync("--dialplans", dialplans, "--rtp-ports", $"{rtp}-{rtp + 38}");
        var media = FreePorts.UdpBlock(4);

        // The whole RTP range: sipp may play a pcap from a port other than its -mp one, so the caller's
        // packets are told by where they go (our call's RTP port), ours by where they come from.
        await using var capture = await Tcpdump.StartRangeAsync(rtp, rtp + 38);
        var scenario = BridgeScenarios.Write(folder, "caller.xml", BridgeScenarios.Caller(0, [pcap], hangUpAfterMs));
        var caller = await ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            [$"127.0.0.1:{server.SipPort}", "-sf", scenario, "-s", service, "-i", "127.0.0.1", "-p", FreePorts.Sip().ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1", "-mp", media.ToString(CultureInfo.InvariantCulture),
             "-m", "1", "-nostdin", "-timeout", "60s", "-timeout_error"],
            TimeSpan.FromSeconds(90), folder);
        var datagrams = await capture.StopAsync();
        var ours = Regex.Match(server.Log, @"rtp port (\d+) <->");
        Assert.That(ours.Success, Is.True, "the call was set up\n" + server.Log + caller);
        var port = int.Parse(ours.Groups[1].Value, CultureInfo.InvariantCulture);
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        var callId = cdr.GetProperty("call_id").GetString()!;
        var db = Telephony.Storage.Sqlite.SqliteDatabase.Open(server.DataFolder);
        var transcripts = Telephony.Storage.Transcripts.SqliteTranscriptStore.ForCall(db, callId);
        // Written in the background; the reply's first packet arrives as an update after the row.
        for (var i = 0; i < 50 && (transcripts.Count == 0 || (transcripts[0].Outcome == "recognized" && transcripts[0].Timings.ReplyStarted is null))
                        && server.Log.Contains("speech.result", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // written in the background
            transcripts = Telephony.Storage.Transcripts.SqliteTranscriptStore.ForCall(db, callId);
        }

        return new SpeechRun(
            [.. datagrams.Where(d => d.DestinationPort == port)],
            [.. datagrams.Where(d => d.SourcePort == port)],
            server.Log + caller,
            cdr.GetProperty("flow").GetString() ?? string.Empty,
            transcripts);
    }

    /// <summary>cards/NNN.wav of pocketsphinx-testdata as a caller sends it.</summary>
    public static List<byte[]> Card(string number) => Telephone(ReadWav(Path.Combine(CardsData, number + ".wav")));

    /// <summary>A recording as the phone network carries it: 8 kHz, µ-law, 20 ms packets.</summary>
    public static List<byte[]> Telephone((short[] Samples, int Rate) audio)
    {
        var narrow = Resampler.ToRate(audio.Samples, audio.Rate, 8000);
        var packets = new List<byte[]>();
        for (var at = 0; at + 160 <= narrow.Length; at += 160)
        {
            var payload = new byte[160];
            G711.EncodeMuLaw(narrow.AsSpan(at, 160), payload);
            packets.Add(payload);
        }

        return packets;
    }

    public static (short[] Samples, int Rate) ReadWav(string path)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: install the Debian package 'pocketsphinx-testdata' (./telephony test does this)");
        }

        var bytes = File.ReadAllBytes(path);
        var rate = BitConverter.ToInt32(bytes, 24);
        var data = 12;
        while (data + 8 <= bytes.Length && System.Text.Encoding.ASCII.GetString(bytes, data, 4) != "data")
        {
            data += 8 + BitConverter.ToInt32(bytes, data + 4);
        }

        var length = Math.Min(BitConverter.ToInt32(bytes, data + 4), bytes.Length - data - 8);
        var samples = new short[length / 2];
        Buffer.BlockCopy(bytes, data + 8, samples, 0, samples.Length * 2);
        return (samples, rate);
    }

    public static IEnumerable<byte[]> Silence(int packets) => Enumerable.Range(0, packets).Select(_ => Enumerable.Repeat((byte)0xFF, 160).ToArray());

    /// <summary>A 100 ms burst of white noise at <paramref name="level"/> of full scale: a cough's length.</summary>
    public static List<byte[]> Cough(double level = 0.3) => [.. Enumerable.Range(0, 5).Select(_ => Noise(level))];

    private static byte[] Noise(double level)
    {
        var random = new Random(7);
        var payload = new byte[160];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = G711.LinearToMuLaw((short)((random.NextDouble() * 2 - 1) * level * short.MaxValue));
        }

        return payload;
    }
}

/// <summary>The caller's packets and ours, by capture time, with the call's CDR flow outcome and stored speech turns.</summary>
internal sealed record SpeechRun(List<Pcap.Datagram> Caller, List<Pcap.Datagram> Server, string Log, string Flow, IReadOnlyList<TranscriptRecord> Transcripts)
{
    /// <summary>The capture time of the caller's first voiced packet (what it plays before is digital silence).</summary>
    public double CallerVoiced()
    {
        var voiced = Caller.FirstOrDefault(Voiced);
        Assert.That(voiced, Is.Not.Null, $"the caller's audio reached the wire ({Caller.Count} caller packets, {Server.Count} ours captured)\n" + Log);
        return voiced!.At;
    }

    /// <summary>The capture time of the caller's last voiced packet: the end of what it said.</summary>
    public double CallerLastVoiced() => Caller.Where(Voiced).Select(d => d.At).DefaultIfEmpty(double.NaN).Max();

    /// <summary>Ours (S) and the caller's (C) packets between two times, '+' voiced, '.' quiet, for a failure's message.</summary>
    public string Timeline(double from, double to) =>
        "server: " + string.Concat(Server.Where(d => d.At >= from && d.At <= to).Select(d => Voiced(d) ? '+' : '.')) + "\n" +
        "caller: " + string.Concat(Caller.Where(d => d.At >= from && d.At <= to && d.Payload.Length > 12).Select(d => Voiced(d) ? '+' : '.'));

    public bool ServerVoicedBetween(double from, double to) => Server.Any(d => d.At >= from && d.At <= to && Voiced(d));

    /// <summary>Our first voiced packet after <paramref name="from"/> (NaN when none).</summary>
    public double FirstServerVoicedAfter(double from) => Server.Where(d => d.At > from && Voiced(d)).Select(d => d.At).DefaultIfEmpty(double.NaN).Min();

    /// <summary>
    /// When our last packet before the first pause in our stream after <paramref name="from"/> went
    /// out: a paused prompt sends nothing (a stopped one sends silence again later).
    /// </summary>
    public double LastServerPacketBeforeGap(double from)
    {
        var ours = Server.Where(d => d.At >= from - 0.1 && d.Payload.Length > 12).Select(d => d.At).Order().ToList();
        for (var i = 1; i < ours.Count; i++)
        {
            if (ours[i] - ours[i - 1] > 0.06)
            {
                return ours[i - 1];
            }
        }

        return ours.Count > 0 ? ours[^1] : double.NaN;
    }

    /// <summary>A PCMU packet louder than -40 dBFS (prompts and speech; silence and comfort noise are far below).</summary>
    private static bool Voiced(Pcap.Datagram d)
    {
        if (d.Payload.Length <= 12 || (d.Payload[1] & 0x7f) != 0)
        {
            return false;
        }

        var body = d.Payload.AsSpan(12 + (4 * (d.Payload[0] & 0x0f)));
        double energy = 0;
        foreach (var code in body)
        {
            double s = G711.MuLawToLinear(code);
            energy += s * s;
        }

        return Math.Sqrt(energy / Math.Max(1, body.Length)) > 328; // -40 dBFS
    }
}
