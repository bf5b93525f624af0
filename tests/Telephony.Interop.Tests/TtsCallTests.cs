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

        // What the server rendered: the two prompts, at 8 kHz, in its cache.
        var cached = Directory.GetFiles(Path.Combine(server.DataFolder, "prompt-cache"), "*.wav").Select(WavReader.Read).ToList();
        var rendered = cached.Sum(w => w.Duration.TotalSeconds);

        // 20 ms packets of μ-law: loud ones are speech; from the first to the last is what the caller heard.
        var loud = packets.Select((d, i) => (i, Rms(d.Payload.AsSpan(12)))).Where(p => p.Item2 > 300).Select(p => p.i).ToList();
        var heard = loud.Count == 0 ? 0 : (loud[^1] - loud[0] + 1) * 0.02;
        TestContext.Out.WriteLine($"{packets.Count} packets, {loud.Count} loud, speech over {heard:0.00} s of {rendered:0.00} s rendered");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run + server.Log);
            Assert.That(server.Log, Does.Contain("tts: flite").And.Not.Contain("cannot speak"));
            Assert.That(cdr.GetProperty("flow").GetString(), Does.StartWith("speaking/main: hangup normal"));
            Assert.That(cached, Has.Count.EqualTo(2), "the sentence and the amount, each rendered once");
            Assert.That(cached.Select(w => w.SampleRate), Has.All.EqualTo(8000));
            Assert.That(rendered, Is.InRange(4.0, 9.0), "a sentence, a second one, and 'twelve dollars and fifty cents'");
            Assert.That(heard, Is.EqualTo(rendered).Within(0.6), $"{packets.Count} packets, {loud.Count} loud, speech over {heard:0.00} s of {rendered:0.00} s rendered");
            Assert.That(loud.Count * 0.02, Is.GreaterThan(rendered * 0.5), "most of it is voiced, not a click at each end");
        });
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
