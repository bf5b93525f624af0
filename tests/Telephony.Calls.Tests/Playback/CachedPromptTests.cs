using Telephony.Calls.Prompts;
using Telephony.Media.Codecs;
using Telephony.Media.Wav;

namespace Telephony.Calls.Tests.Playback;

/// <summary>Rendered speech played as <c>cache:KEY</c> from the prompt cache folder, and nothing else reached through that name.</summary>
public class CachedPromptTests
{
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cached-prompts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "prompts"));
        Directory.CreateDirectory(Path.Combine(_dir, "cache"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public void A_cached_prompt_plays_from_the_cache_folder_and_is_read_again_each_time()
    {
        var library = new PromptLibrary(Path.Combine(_dir, "prompts"), Path.Combine(_dir, "cache"));
        var path = Path.Combine(_dir, "cache", Key + ".wav");
        WavWriter.WritePcm16(path, 8000, new short[8000]);
        Assert.That(library.Get("cache:" + Key, AudioEncoding.Pcmu).Duration, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(library.Get("cache:" + Key, AudioEncoding.G722).Data, Has.Length.EqualTo(8000), "16 kHz G.722 is 8000 bytes a second too");

        // Not kept in memory: rendered values are endless.
        WavWriter.WritePcm16(path, 16000, new short[8000]);
        Assert.That(library.Get("cache:" + Key, AudioEncoding.Pcmu).Duration, Is.EqualTo(TimeSpan.FromSeconds(0.5)));
    }

    [TestCase("cache:../prompts/welcome")]
    [TestCase("cache:" + Key + "/../../x")]
    [TestCase("cache:/etc/passwd")]
    [TestCase("cache:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Only_a_hex_key_reaches_the_cache_folder(string name)
    {
        File.WriteAllBytes(Path.Combine(_dir, "prompts", "welcome.wav"), []);
        var library = new PromptLibrary(Path.Combine(_dir, "prompts"), Path.Combine(_dir, "cache"));
        Assert.That(() => library.Get(name, AudioEncoding.Pcmu), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("64 hex digits"));
    }

    [Test]
    public void Without_a_cache_a_cached_name_is_not_found()
    {
        var library = new PromptLibrary(Path.Combine(_dir, "prompts"));
        Assert.That(() => library.Get("cache:" + Key, AudioEncoding.Pcmu), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("no prompt cache"));
        Assert.That(PromptLibrary.IsCacheKey(Key), Is.True);
    }
}
