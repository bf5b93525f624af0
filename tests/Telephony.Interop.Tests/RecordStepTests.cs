using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Telephony.Media.Wav;

namespace Telephony.Interop.Tests;

/// <summary>
/// The dialplan's <c>record</c> step on real calls (issue 11): a sipp caller speaks a real
/// recording (Debian pocketsphinx-testdata, cards/001.wav, "ten of clubs", 1.1 s), presses # as an
/// RFC 4733 event, hangs up, or says nothing. The server writes the caller's audio to
/// DATA/recordings; the step's variables reach a webhook (an http step after the recording), the
/// WAV is read back from the disk and the transcript from SQLite.
/// </summary>
[NonParallelizable]
public class RecordStepTests
{
    private const string Recording = "/usr/share/pocketsphinx/test/data/cards/001.wav";

    /// <summary>Silence before the words: with sipp's 1.5 s after the ACK and the beep, well inside the step's 3 s of silence.</summary>
    private const int LeadPackets = 10;

    private string _folder = string.Empty;
    private Webhook _webhook = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "record-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_folder, "dialplans"));
        _webhook = new Webhook();
        File.WriteAllText(Path.Combine(_folder, "dialplans", "voicemail.yaml"), $$"""
            dialplan: voicemail
            flows:
              main:
                - answer
                - record: message
                  silence: 3s
                  max_length: 20s
                  transcribe: true
                - http: {{_webhook.Url}}/voicemail
                  method: POST
                  body:
                    path: ${message}
                    duration: ${message_duration}
                    reason: ${message_reason}
                    key: ${message_key}
                    text: ${message_text}
                  timeout: 5s
                  fallback: bye
                - name: bye
                  hangup: normal
            """);
    }

    [TearDown]
    public void TearDown()
    {
        _webhook.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Speech_then_silence_ends_by_silence_with_the_speech_in_the_file_and_a_transcript()
    {
        var speech = SpeechCall.Telephone(SpeechCall.ReadWav(Recording));
        var run = await CallAsync(Pcap("speech.pcap", [.. SpeechCall.Silence(LeadPackets), .. speech, .. SpeechCall.Silence(250)]), holdMs: null, afterSpeechMs: null);
        var posted = run.Posted ?? throw new AssertionException("the flow went on to the http step\n" + run.Log);
        var wav = run.Wav ?? throw new AssertionException("a WAV in DATA/recordings\n" + run.Log);
        var duration = Seconds(posted.GetProperty("duration"));
        var loud = LoudSeconds(wav);
        TestContext.Out.WriteLine($"recorded {wav.Duration.TotalSeconds:0.00} s (posted {duration:0.00} s), {loud:0.00} s of it loud; text '{posted.GetProperty("text").GetString()}'");
        Assert.Multiple(() =>
        {
            Assert.That(posted.GetProperty("reason").GetString(), Is.EqualTo("silence"), run.Log);
            Assert.That(posted.GetProperty("key").GetString(), Is.Empty);
            Assert.That(posted.GetProperty("path").GetString(), Is.EqualTo(run.WavPath), "the path in the variable is the file on the disk");
            Assert.That(wav.SampleRate, Is.EqualTo(8000));
            Assert.That(duration, Is.EqualTo(wav.Duration.TotalSeconds).Within(0.011), "message_duration is the file's length");

            // The words (1.1 s) and the 3 s of silence that ended it, less the lead the caller sent
            // before the recording began; the caller's 5 s of silence are not all in it.
            Assert.That(wav.Duration.TotalSeconds, Is.InRange(3.6, 5.0), run.Log);
            Assert.That(loud, Is.InRange(0.4, 1.3), "the speech is in the file (frames louder than -30 dBFS)");
            Assert.That(posted.GetProperty("text").GetString(), Is.Not.Empty, "transcribed by the free-speech recogniser\n" + run.Log);
            Assert.That(run.Log, Does.Contain("recording.saved path=" + run.WavPath));
            Assert.That(run.Transcripts.Select(t => t.Outcome), Is.EqualTo(new[] { "recording" }), "one transcripts row");
            Assert.That(run.Transcripts.Count > 0 ? run.Transcripts[0].Text : null, Is.EqualTo(posted.GetProperty("text").GetString()));
            Assert.That(run.Flow, Does.EndWith("hangup normal at main/bye"));
        });
    }

    [Test]
    public async Task A_stop_key_ends_it_with_reason_key_and_the_key()
    {
        var speech = SpeechCall.Telephone(SpeechCall.ReadWav(Recording));
        List<byte[]> audio = [.. SpeechCall.Silence(LeadPackets), .. speech, .. SpeechCall.Silence(25)];
        var run = await CallAsync(Pcap("speech.pcap", audio), holdMs: null, afterSpeechMs: audio.Count * 20, "/usr/share/sip-tester/dtmf_2833_pound.pcap");
        var posted = run.Posted ?? throw new AssertionException("the flow went on to the http step\n" + run.Log);
        var wav = run.Wav ?? throw new AssertionException("a WAV in DATA/recordings\n" + run.Log);
        Assert.Multiple(() =>
        {
            Assert.That(posted.GetProperty("reason").GetString(), Is.EqualTo("key"), run.Log);
            Assert.That(posted.GetProperty("key").GetString(), Is.EqualTo("#"));
            Assert.That(wav.Duration.TotalSeconds, Is.InRange(1.0, 2.5), "the words and the half second after them, not 3 s of silence\n" + run.Log);
            Assert.That(LoudSeconds(wav), Is.GreaterThan(0.4), "the speech is in the file");
            Assert.That(run.Log, Does.Contain("reason=key key=#"));
        });
    }

    [Test]
    public async Task A_stop_key_sent_as_a_tone_by_a_caller_without_telephone_event_ends_it_too()
    {
        // An old phone or a PSTN gateway: no telephone-event in its SDP, so # arrives as a tone in
        // the audio (100 ms, as the keypad generator makes it) after the words and half a second.
        var speech = SpeechCall.Telephone(SpeechCall.ReadWav(Recording));
        List<byte[]> audio = [.. SpeechCall.Silence(LeadPackets), .. speech, .. SpeechCall.Silence(25), .. TonePackets('#'), .. SpeechCall.Silence(250)];
        var run = await CallAsync(Pcap("speech-and-tone.pcap", audio), holdMs: null, afterSpeechMs: null, telephoneEvent: false);
        var posted = run.Posted ?? throw new AssertionException("the flow went on to the http step\n" + run.Log);
        var wav = run.Wav ?? throw new AssertionException("a WAV in DATA/recordings\n" + run.Log);
        Assert.Multiple(() =>
        {
            Assert.That(posted.GetProperty("reason").GetString(), Is.EqualTo("key"), "ended by the tone, not by the 3 s of silence after it\n" + run.Log);
            Assert.That(posted.GetProperty("key").GetString(), Is.EqualTo("#"));
            Assert.That(wav.Duration.TotalSeconds, Is.InRange(1.0, 2.7), "the words and the half second, not 3 s of silence\n" + run.Log);
            Assert.That(LoudSeconds(wav), Is.GreaterThan(0.4), "the speech is in the file");
            var tail = wav.Samples.AsSpan(Math.Max(0, wav.Samples.Length - 2400)); // the last 300 ms
            Assert.That(Telephony.Speech.Vad.EnergyVad.LevelDbfs(tail), Is.LessThan(-40), "the tone of # is cut off the end (dialplan.md), only the quiet before it is left");
        });
    }

    /// <summary>One key as a DTMF tone: 100 ms (five 20 ms PCMU payloads).</summary>
    private static IEnumerable<byte[]> TonePackets(char key)
    {
        var pcm = new short[800];
        new Telephony.Media.Tones.ToneGenerator(Telephony.Media.Tones.ToneSpec.Dtmf(key, 100)).Read(pcm);
        var encoded = Telephony.Media.Rtp.EncodedAudio.FromPcm(pcm, Telephony.Media.Codecs.AudioEncoding.Pcmu).Data;
        for (var i = 0; i < encoded.Length; i += 160)
        {
            yield return encoded[i..(i + 160)];
        }
    }

    [Test]
    public async Task A_caller_hanging_up_mid_message_leaves_a_whole_valid_file()
    {
        var speech = SpeechCall.Telephone(SpeechCall.ReadWav(Recording));
        List<byte[]> audio = [.. SpeechCall.Silence(LeadPackets), .. speech, .. SpeechCall.Silence(50)];
        var run = await CallAsync(Pcap("speech.pcap", audio), holdMs: (audio.Count * 20) - 100, afterSpeechMs: null);
        var wav = run.Wav ?? throw new AssertionException("the file is kept\n" + run.Log);
        var bytes = run.Bytes!;
        Assert.Multiple(() =>
        {
            Assert.That(run.Posted, Is.Null, "the flow stops at the step the call ended in");
            Assert.That(run.Log, Does.Contain("reason=hangup"), run.Log);
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)), Is.EqualTo(bytes.Length - 44), "the header's data size is the file's");
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)), Is.EqualTo(bytes.Length - 8), "and so is the RIFF size");
            Assert.That(wav.Duration.TotalSeconds, Is.InRange(1.2, 3.0), "the words and the second after them\n" + run.Log);
            Assert.That(LoudSeconds(wav), Is.GreaterThan(0.4), "the speech is in the file");
            Assert.That(run.Flow, Does.Contain("caller-hangup hangup at main/"));
        });
    }

    [Test]
    public async Task A_caller_who_says_nothing_leaves_no_file_and_an_empty_path()
    {
        var run = await CallAsync(Pcap("quiet.pcap", [.. SpeechCall.Silence(300)]), holdMs: null, afterSpeechMs: null);
        var posted = run.Posted ?? throw new AssertionException("the flow went on to the http step\n" + run.Log);
        Assert.Multiple(() =>
        {
            Assert.That(posted.GetProperty("path").GetString(), Is.Empty, run.Log);
            Assert.That(posted.GetProperty("reason").GetString(), Is.EqualTo("silence"));
            Assert.That(Seconds(posted.GetProperty("duration")), Is.Zero);
            Assert.That(posted.GetProperty("text").GetString(), Is.Empty);
            Assert.That(run.WavPath, Is.Null, "no file kept");
            Assert.That(run.Log, Does.Contain("nothing said").And.Not.Contain("recording.saved"));
            Assert.That(run.Transcripts, Is.Empty);
        });
    }

    private string Pcap(string name, IReadOnlyList<byte[]> audio)
    {
        var path = Path.Combine(_folder, name);
        Telephony.Interop.Tests.Pcap.WriteRtp(path, 0, audio);
        return path;
    }

    /// <param name="holdMs">The caller's BYE this long after its audio began; null: it waits for ours.</param>
    /// <param name="afterSpeechMs">When set, the caller plays <paramref name="more"/> this long after its audio began.</param>
    /// <param name="telephoneEvent">False: the caller's SDP offers no telephone-event (keys as tones in the audio).</param>
    private async Task<Run> CallAsync(string pcap, int? holdMs, int? afterSpeechMs, params string[] more) =>
        await CallAsync(pcap, holdMs, afterSpeechMs, telephoneEvent: true, more);

    private async Task<Run> CallAsync(string pcap, int? holdMs, int? afterSpeechMs, bool telephoneEvent, params string[] more)
    {
        var rtp = FreePorts.UdpBlock(40);
        await using var server = await ServerProcess.StartAsync("--dialplans", Path.Combine(_folder, "dialplans"), "--rtp-ports", $"{rtp}-{rtp + 38}");
        var media = FreePorts.UdpBlock(4);
        var xml = BridgeScenarios.Caller(0, [pcap, .. more], holdMs);
        if (afterSpeechMs is { } after)
        {
            // The first pcap plays on while the scenario goes on: the next one waits for its end.
            xml = xml.Replace("<pause milliseconds=\"100\"/>", $"<pause milliseconds=\"{after}\"/>", StringComparison.Ordinal);
        }

        if (!telephoneEvent)
        {
            var before = xml;
            xml = xml.Replace(" 101\n", "\n", StringComparison.Ordinal).Replace(" 101\r\n", "\r\n", StringComparison.Ordinal);
            xml = string.Join('\n', xml.Split('\n').Where(line => !line.Contains(":101 ", StringComparison.Ordinal)));
            Assert.That(xml, Is.Not.EqualTo(before).And.Not.Contain("telephone-event"), "the scenario's SDP lost its telephone-event");
        }

        var scenario = BridgeScenarios.Write(_folder, "caller.xml", xml);
        var caller = await ProcessRunner.RunAsync(ProcessRunner.Require("sipp", "sip-tester"),
            [$"127.0.0.1:{server.SipPort}", "-sf", scenario, "-s", "voicemail", "-i", "127.0.0.1", "-p", FreePorts.Sip().ToString(CultureInfo.InvariantCulture), "-mi", "127.0.0.1", "-mp", media.ToString(CultureInfo.InvariantCulture),
             "-m", "1", "-nostdin", "-timeout", "60s", "-timeout_error"],
            TimeSpan.FromSeconds(90), _folder);
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        var callId = cdr.GetProperty("call_id").GetString()!;

        // The file is finished (and the transcript written) in the background after a hangup: wait for the log to say so.
        for (var i = 0; i < 100 && !server.Log.Contains("recording.saved", StringComparison.Ordinal) && !server.Log.Contains("nothing said", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        var folder = Path.Combine(server.DataFolder, "recordings");
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.wav", SearchOption.AllDirectories) : [];
        Assert.That(files, Has.Length.LessThanOrEqualTo(1), "one recording at most");
        var path = files.SingleOrDefault();
        var db = Telephony.Storage.Sqlite.SqliteDatabase.Open(server.DataFolder);
        var transcripts = Telephony.Storage.Transcripts.SqliteTranscriptStore.ForCall(db, callId);
        for (var i = 0; i < 50 && transcripts.Count == 0 && server.Log.Contains("transcribed by", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // written in the background
            transcripts = Telephony.Storage.Transcripts.SqliteTranscriptStore.ForCall(db, callId);
        }

        var log = server.Log + caller;
        foreach (var line in log.Split('\n').Where(l => l.Contains("recording", StringComparison.Ordinal) || l.Contains("VAD", StringComparison.Ordinal)))
        {
            TestContext.Out.WriteLine(line);
        }

        var wav = path is null ? null : WavReader.Read(path);
        if (wav is not null)
        {
            TestContext.Out.WriteLine($"{path}: {wav.Duration.TotalSeconds:0.00} s, {LoudSeconds(wav):0.00} s loud");
        }

        return new Run(path, wav, path is null ? null : await File.ReadAllBytesAsync(path), _webhook.Bodies.TryPeek(out var body) ? JsonDocument.Parse(body).RootElement.Clone() : null,
            log, cdr.GetProperty("flow").GetString() ?? string.Empty, transcripts);
    }

    private sealed record Run(string? WavPath, WavAudio? Wav, byte[]? Bytes, JsonElement? Posted, string Log, string Flow, IReadOnlyList<Telephony.Calls.Speech.TranscriptRecord> Transcripts);

    /// <summary>A number the flow posted: the whole-template ${x_duration} keeps its number type in JSON.</summary>
    private static double Seconds(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.Parse(value.GetString()!, CultureInfo.InvariantCulture);

    /// <summary>Seconds of 20 ms frames louder than -30 dBFS: speech (the caller's digital silence and the concealment between are far below).</summary>
    private static double LoudSeconds(WavAudio wav)
    {
        var loud = 0;
        for (var at = 0; at + 160 <= wav.Samples.Length; at += 160)
        {
            double energy = 0;
            for (var i = at; i < at + 160; i++)
            {
                energy += (double)wav.Samples[i] * wav.Samples[i];
            }

            if (Math.Sqrt(energy / 160) > 1036)
            {
                loud++;
            }
        }

        return loud * 0.02;
    }

    /// <summary>The webhook the flow posts its variables to: a real HTTP server on loopback, keeping each body.</summary>
    private sealed class Webhook : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public Webhook()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            }

            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<string> Bodies { get; } = new();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    Bodies.Enqueue(await reader.ReadToEndAsync());
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }
    }
}
