using System.Text.RegularExpressions;
using Telephony.Media.Wav;

namespace Telephony.Server.Tests;

/// <summary><c>telephony tts</c> through the real command line, with the real engines.</summary>
public class TtsCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("tts-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    [TestCase(null, "8000", "flite voice kal")]
    [TestCase("slt", "16000", "flite voice slt")]
    [TestCase("de", "8000", "espeak-ng voice de")]
    public void Writes_a_valid_wav_and_says_what_it_wrote(string? voice, string rate, string engine)
    {
        var file = Path.Combine(_folder, "out.wav");
        string[] args = ["tts", "Thank you for calling. Goodbye.", "--rate", rate, "-o", file];
        var (code, output, error) = Run(voice is null ? args : [.. args, "--voice", voice]);

        Assert.That(code, Is.Zero, error);
        var wav = WavReader.Read(file);
        Assert.That(wav.SampleRate, Is.EqualTo(int.Parse(rate)));
        Assert.That(wav.Duration.TotalSeconds, Is.InRange(1.0, 4.0));
        Assert.That(wav.Samples.Max(s => Math.Abs((int)s)), Is.GreaterThan(3000), "speech, not silence");
        var seconds = wav.Duration.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(output, Does.StartWith($"wrote {file}: {seconds} s, {rate} Hz 16-bit mono, {engine}; first audio after "));
        Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void Mandarin_characters_are_refused_and_nothing_is_written()
    {
        var file = Path.Combine(_folder, "zh.wav");
        var (code, _, error) = Run("tts", "你好", "--language", "zh", "-o", file);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("pinyin"));
        Assert.That(File.Exists(file), Is.False);

        Assert.That(Run("tts", "ni3 hao3", "--language", "zh", "-o", file).Code, Is.Zero);
        Assert.That(WavReader.Read(file).Duration.TotalSeconds, Is.GreaterThan(0.4));
    }

    [TestCase(new[] { "tts", "-o", "x.wav" }, "tts needs TEXT")]
    [TestCase(new[] { "tts", "hello" }, "tts needs -o FILE")]
    [TestCase(new[] { "tts", "hello", "--rate", "44100", "-o", "x.wav" }, "--rate must be 8000 or 16000")]
    [TestCase(new[] { "tts", "hello", "--speed", "fast", "-o", "x.wav" }, "--speed must be a number from 0.5 to 2.0")]
    public void Usage_errors_name_the_flag(string[] args, string message) =>
        Assert.That(() => Run(args), Throws.TypeOf<Cli.UsageException>().With.Message.Contains(message));

    [Test]
    public void An_unknown_voice_is_an_engine_error_naming_it()
    {
        var (code, _, error) = Run("tts", "hello", "--voice", "nobody", "-o", Path.Combine(_folder, "x.wav"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Match(new Regex("espeak-ng: no voice 'nobody'").ToString()));
    }
}
