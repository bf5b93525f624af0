using System.Diagnostics;
using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Synthesis;

public class FliteSynthesizerTests
{
    private const string Pangram = "The quick brown fox jumps over the lazy dog.";

    [TestCase("kal", 8000)]
    [TestCase("kal", 16000)]
    [TestCase("slt", 8000)]
    [TestCase("slt", 16000)]
    [TestCase("rms", 8000)]
    [TestCase("rms", 16000)]
    [TestCase("awb", 8000)]
    [TestCase("awb", 16000)]
    public async Task Every_voice_renders_audible_speech_of_plausible_length(string voice, int rate)
    {
        var flite = new FliteSynthesizer();
        var pcm = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, voice, SampleRate: rate))));
        var seconds = (double)pcm.Length / rate;

        // Nine words at a normal pace: about 2.5 s; anything from 1.5 to 5 s is a voice speaking them.
        Assert.That(seconds, Is.InRange(1.5, 5.0), $"{voice} at {rate} Hz");
        Assert.That(AudioChecks.Rms(pcm), Is.GreaterThan(300), "speech, not silence");
    }

    [Test]
    public async Task Kal_renders_natively_at_8_kHz_and_the_16_kHz_voices_are_resampled_to_the_same_length()
    {
        var flite = new FliteSynthesizer();
        Assert.That(flite.Voices.Single(v => v.Name == "kal").NativeRate, Is.EqualTo(8000));
        Assert.That(flite.Voices.Where(v => v.Name != "kal").Select(v => v.NativeRate), Is.All.EqualTo(16000));

        var at8 = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "slt", SampleRate: 8000))));
        var at16 = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "slt", SampleRate: 16000))));
        Assert.That(at16.Length, Is.EqualTo(2 * at8.Length).Within(2));
    }

    [Test]
    public async Task The_first_sentence_arrives_before_the_rest_is_rendered()
    {
        var flite = new FliteSynthesizer();
        var text = "Welcome to Example Power. " + string.Join(' ', Enumerable.Repeat("We know about an outage in your area and a crew is on the way to fix it.", 6));
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var chunks = new List<short[]>();
        await foreach (var chunk in flite.SynthesizeAsync(new SynthesisRequest(text, "slt")))
        {
            first ??= clock.Elapsed;
            chunks.Add(chunk.ToArray());
        }

        var total = clock.Elapsed;
        Assert.That(chunks, Has.Count.EqualTo(7), "one chunk per sentence");
        Assert.That(chunks[0].Length, Is.LessThan(chunks.Sum(c => c.Length) / 5), "the first chunk is the short first sentence alone");
        Assert.That(first, Is.LessThan(total / 3), $"first audio after {first?.TotalMilliseconds:0} ms of {total.TotalMilliseconds:0} ms");
    }

    [Test]
    public async Task A_faster_speaking_rate_is_shorter()
    {
        var flite = new FliteSynthesizer();
        var normal = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "kal"))));
        var fast = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "kal", SpeakingRate: 1.5))));
        Assert.That((double)fast.Length / normal.Length, Is.InRange(0.55, 0.8));

        // The rate is set per request on the shared voice: the next normal request is normal again.
        var again = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "kal"))));
        Assert.That(again, Has.Length.EqualTo(normal.Length));
    }

    [Test]
    public async Task Concurrent_requests_each_get_their_own_whole_audio()
    {
        var flite = new FliteSynthesizer();
        var alone = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "rms"))));
        var together = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(async () => AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(Pangram, "rms")))))));
        // The clustergen voices excite with noise, so two renders are never bit-identical: each must
        // still be the whole sentence (its length) at its loudness, which a render mixed up with
        // another's state would not be.
        Assert.That(together.Select(t => t.Length), Has.All.EqualTo(alone.Length));
        Assert.That(together.Select(t => AudioChecks.Rms(t)), Has.All.EqualTo(AudioChecks.Rms(alone)).Within(5).Percent);
    }

    [Test]
    public void Bad_requests_are_speech_errors_naming_the_problem()
    {
        var flite = new FliteSynthesizer();
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("hi", "nobody"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("no voice 'nobody'").And.Message.Contains("kal, slt, rms, awb"));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("hallo", Language: "de"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("English only"));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("hi", "kal", SampleRate: 100))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("sample rate"));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("hi", "kal", SpeakingRate: 9))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("speaking rate"));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(new string('a', 10_001), "kal"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("at most 10000"));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("Hello 你好", "kal"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("would say nothing for \"你好\""));
        Assert.That(() => AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("Привет", "slt"))),
            Throws.TypeOf<SpeechException>().With.Message.Contains("Latin letters"));
    }

    [Test]
    public async Task Accented_Latin_letters_are_spoken()
    {
        var flite = new FliteSynthesizer();
        var pcm = AudioChecks.Join(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest("Café Müller is open.", "kal"))));
        Assert.That(pcm.Length / 8000.0, Is.GreaterThan(0.7));
    }

    [Test]
    public async Task Text_with_nothing_to_say_is_no_audio()
    {
        var flite = new FliteSynthesizer();
        Assert.That(await AudioChecks.CollectAsync(flite.SynthesizeAsync(new SynthesisRequest(" ... \n\t ", "kal"))), Is.Empty);
    }

    [Test]
    public void A_missing_library_names_the_Debian_package()
    {
        Assert.That(() => FliteLibrary.Open("libflite_cmu_us_nobody.so.1"),
            Throws.TypeOf<SpeechException>().With.Message.Contains("libflite_cmu_us_nobody.so.1").And.Message.Contains("apt-get install -y libflite1"));
    }
}
