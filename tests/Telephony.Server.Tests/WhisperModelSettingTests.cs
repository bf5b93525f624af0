using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary>--whisper-model (issue 11): a model that cannot be used stops serve as a usage error naming the flag and the path.</summary>
public class WhisperModelSettingTests
{
    private static readonly string[] Serve = [.. ServeSettings.All.Select(s => s.Name)];

    private static Settings Line(Dictionary<string, string> flags) => SettingsLoader.Load(null, Serve, flags, new Hashtable());

    [Test]
    public void Without_it_free_speech_is_off_and_says_so()
    {
        var line = Line([]);
        using var speech = FreeSpeech.Load(line, ServeOptions.From(line));
        Assert.That(speech.Recognizer, Is.Null);
        Assert.That(speech.StartupLine, Does.Contain("free-speech ASR off").And.Contain("--whisper-model"));
    }

    [Test]
    public void A_missing_model_names_the_flag_and_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "ggml-base.bin");
        var line = Line(new() { ["whisper-model"] = path });
        var error = Assert.Throws<UsageException>(() => FreeSpeech.Load(line, ServeOptions.From(line)))!;
        Assert.That(error.Message, Does.StartWith("--whisper-model cannot be used: Whisper model " + path + ": no such file"));
    }

    [Test]
    public void A_file_that_is_not_a_model_is_refused_before_native_code_sees_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "not-a-model-" + Guid.NewGuid().ToString("N") + ".bin");
        File.WriteAllText(path, "<html>404 Not Found</html>");
        try
        {
            var line = Line(new() { ["whisper-model"] = path });
            var error = Assert.Throws<UsageException>(() => FreeSpeech.Load(line, ServeOptions.From(line)))!;
            Assert.That(error.Message, Does.Contain(path).And.Contain("not a ggml Whisper model").And.Contain("HTML"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_environment_names_its_variable()
    {
        var line = SettingsLoader.Load(null, Serve, new Dictionary<string, string>(), new Hashtable { ["TELEPHONY_WHISPER_MODEL"] = "/nonexistent/ggml-base.bin" });
        var error = Assert.Throws<UsageException>(() => FreeSpeech.Load(line, ServeOptions.From(line)))!;
        Assert.That(error.Message, Does.StartWith("TELEPHONY_WHISPER_MODEL").And.Contain("/nonexistent/ggml-base.bin"));
    }
}
