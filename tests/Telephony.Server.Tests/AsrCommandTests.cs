using Telephony.Media.Wav;

namespace Telephony.Server.Tests;

/// <summary>
/// <c>telephony asr</c> on real recorded speech (Debian pocketsphinx-testdata, which ./telephony
/// test installs) with the real engine: what it prints and its exit status.
/// </summary>
[NonParallelizable]
public class AsrCommandTests
{
    private const string Data = "/usr/share/pocketsphinx/test/data";

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        Assert.That(File.Exists(Path.Combine(Data, "goforward.raw")), "install the Debian package pocketsphinx-testdata (./telephony test does)");
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code;
        try
        {
            code = Program.RunAsync(["asr", .. args], output, error).GetAwaiter().GetResult();
        }
        catch (Telephony.Server.Cli.UsageException e)
        {
            // Main prints these as "telephony: MESSAGE" with exit status 2.
            return (2, output.ToString(), e.Message);
        }

        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void A_raw_recording_with_its_grammar_through_the_telephone_prints_its_sentence()
    {
        var (code, output, error) = Run(Path.Combine(Data, "goforward.raw"), "--raw-rate", "16000", "--grammar", Path.Combine(Data, "goforward.gram"), "--telephone");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Is.EqualTo("go forward ten meters" + Environment.NewLine));
    }

    [Test]
    public void A_wav_with_details_prints_each_word_with_times_and_the_real_time_factor()
    {
        var (code, output, error) = Run(Path.Combine(Data, "cards", "005.wav"), "--grammar", Path.Combine(Data, "cards", "cards.gram"), "--telephone", "--details");
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.That(code, Is.Zero, error);
        Assert.That(lines[0], Is.EqualTo("eight of spades four of clubs seven of hearts"));
        Assert.That(lines.Skip(1).Take(lines[0].Split(' ').Length).Select(l => l.Split('\t')[2]), Is.EqualTo(lines[0].Split(' ')));
        Assert.That(lines[^1], Does.StartWith("confidence ").And.Contain("at 8000 Hz").And.Contain("real-time factor"));
    }

    [Test]
    public void Keywords_are_spotted_in_a_recording()
    {
        var (code, output, error) = Run(Path.Combine(Data, "goforward.raw"), "--raw-rate", "16000", "--keywords", "forward, meters");

        Assert.That(code, Is.Zero, error);
        Assert.That(output.Trim(), Is.EqualTo("forward meters"));
    }

    [Test]
    public void A_wav_at_another_rate_is_resampled_first()
    {
        var wav = WavReader.Read(Path.Combine(Data, "cards", "001.wav"));
        var path = Path.Combine(Path.GetTempPath(), $"asr-{Guid.NewGuid():N}.wav");
        WavWriter.WritePcm16(path, 22050, Telephony.Media.Audio.Resampler.ToRate(wav.Samples, 16000, 22050));
        try
        {
            var (code, output, error) = Run(path, "--grammar", Path.Combine(Data, "cards", "cards.gram"));

            Assert.That(code, Is.Zero, error);
            Assert.That(output.Trim(), Is.EqualTo("ten of clubs"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase(new[] { "--free", "--keywords", "a" }, "exactly one of --grammar")]
    [TestCase(new string[0], "exactly one of --grammar")]
    [TestCase(new[] { "--free", "--engine", "sphinx4" }, "--engine must be pocketsphinx")]
    [TestCase(new[] { "--free", "--raw-rate", "fast" }, "--raw-rate must be a sample rate")]
    public void A_wrong_command_line_is_a_usage_error(string[] flags, string expected)
    {
        var (code, _, error) = Run([Path.Combine(Data, "cards", "001.wav"), .. flags]);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void A_raw_file_without_its_rate_is_a_usage_error_with_the_hint()
    {
        var (code, _, error) = Run(Path.Combine(Data, "goforward.raw"), "--free");

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("goforward.raw: not a RIFF/WAVE file").And.Contain("--raw-rate 16000"));
    }

    [Test]
    public void A_grammar_word_not_in_the_dictionary_is_an_error_naming_word_and_file()
    {
        var (code, _, error) = Run(Path.Combine(Data, "cards", "001.wav"), "--grammar", Path.Combine(Data, "defective.gram"));

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("defective.gram").And.Contain("'really_bad_word'").And.Contain("not in the pronouncing dictionary"));
    }

    [Test]
    public void A_missing_grammar_or_audio_file_is_exit_2_naming_it()
    {
        var grammar = Run(Path.Combine(Data, "cards", "001.wav"), "--grammar", "/nonexistent/menu.gram");
        var audio = Run("/nonexistent/call.wav", "--free");

        Assert.Multiple(() =>
        {
            Assert.That(grammar.Code, Is.EqualTo(2));
            Assert.That(grammar.Error, Does.Contain("/nonexistent/menu.gram"));
            Assert.That(audio.Code, Is.EqualTo(2));
            Assert.That(audio.Error, Does.Contain("cannot read /nonexistent/call.wav"));
        });
    }

    [Test]
    public void Speech_that_fits_no_sentence_of_the_grammar_prints_an_empty_line_and_exits_1()
    {
        var (code, output, _) = Run(Path.Combine(Data, "cards", "005.wav"), "--grammar", Path.Combine(Data, "goforward.gram"), "--telephone");

        Assert.That(code, Is.EqualTo(output.Trim().Length == 0 ? 1 : 0));
        Assert.That(output.Trim(), Is.Empty.Or.StartsWith("go "));
    }
}
