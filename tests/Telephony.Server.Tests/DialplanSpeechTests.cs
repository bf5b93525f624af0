using Telephony.Calls.Prompts;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;
using Telephony.Media.Codecs;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>The server's speech for real calls: TTS and say rendered into the cache and played by name through the prompt library.</summary>
public class DialplanSpeechTests
{
    private string _folder = null!;
    private PromptLibrary _prompts = null!;
    private DialplanSpeech _speech = null!;

    [SetUp]
    public void Make()
    {
        _folder = Directory.CreateTempSubdirectory("dialplan-speech-").FullName;
        var recordings = Directory.CreateDirectory(Path.Combine(_folder, "prompts", "digits")).Parent!.FullName;
        foreach (var digit in "0123456789")
        {
            File.Copy(Path.Combine(RepoRoot(), "prompts", "digits", $"{digit}.wav"), Path.Combine(recordings, "digits", $"{digit}.wav"));
        }

        var data = Path.Combine(_folder, "data");
        _prompts = new PromptLibrary(recordings, DialplanSpeech.CacheFolderOf(data));
        _speech = DialplanSpeech.Create(data, _prompts, _ => { });
    }

    [TearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_tts_prompt_becomes_a_cached_prompt_the_call_plays()
    {
        var spoken = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Tts, "Your call is important to us.", Language: "en-US"), CancellationToken.None);
        Assert.That(spoken.Problem, Is.Null);
        Assert.That(spoken.Names, Has.Count.EqualTo(1));
        Assert.That(spoken.Names[0], Does.StartWith(PromptLibrary.CachePrefix));

        var audio = _prompts.Get(spoken.Names[0], AudioEncoding.Pcmu);
        Assert.That(audio.Duration.TotalSeconds, Is.InRange(1.0, 4.0));
        Assert.That(_prompts.Get(spoken.Names[0], AudioEncoding.G722).Data, Is.Not.Empty, "a wideband call plays it too");

        var again = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Tts, "Your call is important to us.", Language: "en-US"), CancellationToken.None);
        Assert.That(again.Names, Is.EqualTo(spoken.Names));
        Assert.That(_speech.Cache.Renders, Is.EqualTo(1));
    }

    [Test]
    public async Task Say_values_are_spoken_in_words_and_English_digits_from_the_recordings()
    {
        var money = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Say, "12.50", SayAs.Currency, "USD", "en-US"), CancellationToken.None);
        Assert.That(money.Names, Has.One.StartsWith(PromptLibrary.CachePrefix));
        var digits = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Say, "407", SayAs.Digits, Language: "en-US"), CancellationToken.None);
        Assert.That(digits.Names, Is.EqualTo(new[] { "digits/4", "digits/0", "digits/7" }));

        // No recording of '#' here, and none in German: the synthesiser says them.
        var pound = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Say, "40#", SayAs.Digits, Language: "en-US"), CancellationToken.None);
        Assert.That(pound.Names, Has.One.StartsWith(PromptLibrary.CachePrefix));
        var german = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Say, "407", SayAs.Digits, Language: "de"), CancellationToken.None);
        Assert.That(german.Names, Has.One.StartsWith(PromptLibrary.CachePrefix));
    }

    [Test]
    public async Task What_cannot_be_spoken_is_a_problem_not_a_crash()
    {
        var han = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Tts, "你好", Language: "zh"), CancellationToken.None);
        Assert.That(han.Names, Is.Empty);
        Assert.That(han.Problem, Does.Contain("pinyin"));
        var date = await _speech.RenderAsync(new RenderedPrompt(PromptKind.Say, "tomorrow", SayAs.Date, Language: "en-US"), CancellationToken.None);
        Assert.That(date.Problem, Does.Contain("'tomorrow' cannot be said as date"));
    }

    [TestCase("cache:../../etc/passwd")]
    [TestCase("cache:0000000000000000000000000000000000000000000000000000000000000000/../x")]
    [TestCase("cache:ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    public void Only_hex_keys_reach_the_cache_folder(string name) =>
        Assert.That(() => _prompts.Get(name, AudioEncoding.Pcmu), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("64 hex digits"));

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Telephony.sln not found above the test directory");
    }
}
