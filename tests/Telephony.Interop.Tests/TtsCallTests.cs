using Telephony.Media.Codecs;
using Telephony.Media.Wav;

namespace Telephony.Interop.Tests;

/// <summary>
/// TTS on a real call: a dialplan's <c>tts</c> and <c>say</c> prompts rendered by flite into the
/// prompt cache and played to a sipp caller, captured on the wire with tcpdump.
/// </summary>
public class TtsCallTests
{
    private const string Dialplan = """
        dialplan: speaking
        language: en-US
        flows:
          main:
            - answer
            - play:
                - tts: Thank you for calling Example Power. A crew is on the way.
                - say: "12.50"
                  as: currency
                  currency: USD
            - hangup: normal
        """;

    [Test]
    public async Task A_tts_prompt_reaches_the_caller_as_speech_of_the_rendered_length()
    {
        var dialplans = Directory.CreateTempSubdirectory("tts-call-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dialplans, "speaking.yaml"), Dialplan);
        await using var server = await ServerProcess.StartAsync("--dialplans", dialplans);
        var media = FreePorts.UdpBlock(6);
        await using var capture = await Tcpdump.StartAsync(media);

        var run = await Sipp.RunWithMediaAsync(server, TimeSpan.FromSeconds(60), media, "-sf", RepoPaths.SippScenario("uac_listen.xml"), "-m", "1");
        var cdr = (await server.WaitForCdrsAsync(1)).Single();
        var packets = (await capture.StopAsync()).Where(d => d.DestinationPort == media && d.Payload.Length > 12 && (d.Payload[1] & 0x7F) == 0).ToList();

        // What the server rendered: the two prompts, at 8 kHz, in its cache; played in order, the
        // sentence (the longer) first. The caller hears speech from the sentence's first loud
        // frame to the amount's last: the rendered length less the quiet at those two ends.
        var cached = Directory.GetFiles(Path.Combine(server.DataFolder, "prompt-cache"), "*.wav").Select(WavReader.Read).OrderByDescending(w => w.Duration).ToList();
        var rendered = cached.Sum(w => w.Duration.TotalSeconds);
        var expected = cached.Count == 2 ? rendered - (Frames(cached[0]).IndexOf(true) * 0.02) - ((Frames(cached[1]).Count - 1 - Frames(cached[1]).LastIndexOf(true)) * 0.02) : rendered;

        // 20 ms packets of μ-law: loud ones are speech; from the first to the last is what the caller heard.
        var loud = packets.Select((d, i) => (i, Rms(d.Payload.AsSpan(12)))).Where(p => p.Item2 > 300).Select(p => p.i).ToList();
        var heard = loud.Count == 0 ? 0 : (loud[^1] - loud[0] + 1) * 0.02;
        TestContext.Out.WriteLine($"{packets.Count} packets, {loud.Count} loud, speech over {heard:0.00} s; rendered {rendered:0.00} s, of it speech over {expected:0.00} s");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
            Assert.That(server.Log, Does.Contain("tts: flite").And.Not.Contain("cannot speak"));
            Assert.That(cdr.GetProperty("flow").GetString(), Does.StartWith("speaking/main: hangup normal"));
            Assert.That(cached, Has.Count.EqualTo(2), "the sentence and the amount, each rendered once");
            Assert.That(cached.Select(w => w.SampleRate), Has.All.EqualTo(8000));
            Assert.That(rendered, Is.InRange(4.0, 9.0), "a sentence, a second one, and 'twelve dollars and fifty cents'");
            Assert.That(heard, Is.EqualTo(expected).Within(0.3), $"{packets.Count} packets, {loud.Count} loud, speech over {heard:0.00} s of {expected:0.00} s rendered");
            Assert.That(loud.Count * 0.02, Is.GreaterThan(rendered * 0.5), "most of it is voiced, not a click at each end");
        });
    }

    /// <summary>The rendered audio in 20 ms frames: loud (as the wire is judged) or not.</summary>
    private static List<bool> Frames(WavAudio wav)
    {
        var frames = new List<bool>();
        for (var at = 0; at + 160 <= wav.Samples.Length; at += 160)
        {
            var encoded = new byte[160];
            for (var i = 0; i < 160; i++)
            {
                encoded[i] = G711.LinearToMuLaw(wav.Samples[at + i]);
            }

            frames.Add(Rms(encoded) > 300);
        }

        return frames;
    }

    private static double Rms(ReadOnlySpan<byte> mulaw)
    {
        double sum = 0;
        foreach (var b in mulaw)
        {
            double s = G711.MuLawToLinear(b);
            sum += s * s;
        }

        return Math.Sqrt(sum / mulaw.Length);
    }
}
