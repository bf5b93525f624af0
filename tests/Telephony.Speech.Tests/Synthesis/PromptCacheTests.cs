using Telephony.Media.Wav;
using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Synthesis;

public class PromptCacheTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "prompt-cache-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task A_second_request_reads_back_the_same_file()
    {
        var cache = new PromptCache(_folder, SpeechSynthesizers.Create());
        var first = await cache.GetAsync(new SynthesisRequest("Thank you for calling.", Language: "en"));
        var written = File.GetLastWriteTimeUtc(first.Path);
        var second = await cache.GetAsync(new SynthesisRequest("Thank you for calling.", Language: "en-US"));
        Assert.That(first.Rendered, Is.True);
        Assert.That(second.Rendered, Is.False);
        Assert.That(second.Path, Is.EqualTo(first.Path));
        Assert.That(File.GetLastWriteTimeUtc(second.Path), Is.EqualTo(written));
        Assert.That(cache.Renders, Is.EqualTo(1));
        Assert.That(Path.GetFileNameWithoutExtension(first.Path), Is.EqualTo(first.Key));
        Assert.That(PromptCache.IsKey(first.Key), Is.True);
        Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1), "no temporary file left behind");

        var wav = WavReader.Read(first.Path);
        Assert.That(wav.SampleRate, Is.EqualTo(8000));
        Assert.That(wav.Duration.TotalSeconds, Is.InRange(0.7, 3.0));
        Assert.That(AudioChecks.Rms(wav.Samples), Is.GreaterThan(300));
    }

    [Test]
    public async Task Concurrent_requests_for_one_prompt_render_it_once()
    {
        var cache = new PromptCache(_folder, SpeechSynthesizers.Create());
        var request = new SynthesisRequest("All our agents are busy. Please hold the line.", "slt", SampleRate: 16000);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => cache.GetAsync(request))));
        Assert.That(cache.Renders, Is.EqualTo(1));
        Assert.That(results.Count(r => r.Rendered), Is.EqualTo(1));
        Assert.That(results.Select(r => r.Path).Distinct().Count(), Is.EqualTo(1));
        Assert.That(WavReader.Read(results[0].Path).SampleRate, Is.EqualTo(16000));
    }

    [Test]
    public async Task Every_part_of_the_key_makes_another_file()
    {
        var cache = new PromptCache(_folder, SpeechSynthesizers.Create());
        var basis = new SynthesisRequest("Goodbye.", "kal");
        var variants = new[] { basis, basis with { Voice = "slt" }, basis with { SampleRate = 16000 }, basis with { SpeakingRate = 1.2 }, basis with { Text = "Good bye." }, basis with { Voice = "espeak-ng:en-us" } };
        var paths = new List<string>();
        foreach (var request in variants)
        {
            paths.Add((await cache.GetAsync(request)).Path);
        }

        Assert.That(paths.Distinct().Count(), Is.EqualTo(variants.Length));
        Assert.That(cache.Renders, Is.EqualTo(variants.Length));
    }

    [Test]
    public void A_refused_prompt_is_not_cached()
    {
        var cache = new PromptCache(_folder, SpeechSynthesizers.Create());
        Assert.That(() => cache.GetAsync(new SynthesisRequest("你好", Language: "zh")), Throws.TypeOf<SpeechException>());
        Assert.That(Directory.Exists(_folder) ? Directory.GetFiles(_folder) : [], Is.Empty);
    }

    [Test]
    public void Keys_are_only_hex_names()
    {
        Assert.That(PromptCache.IsKey(PromptCache.KeyOf("flite", "kal", 8000, 1.0, "hi")), Is.True);
        Assert.That(PromptCache.IsKey("../../etc/passwd"), Is.False);
        Assert.That(PromptCache.IsKey(new string('A', 64)), Is.False);
        Assert.That(PromptCache.KeyOf("flite", "kal", 8000, 1.0, "ab"), Is.Not.EqualTo(PromptCache.KeyOf("flite", "kala", 8000, 1.0, "b")));
        Assert.That(() => new PromptCache(_folder, SpeechSynthesizers.Create()).PathOf("../x"), Throws.ArgumentException);
    }
}
