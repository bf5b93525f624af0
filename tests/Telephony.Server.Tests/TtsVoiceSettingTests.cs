using System.Collections;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Server.Hosting;

namespace Telephony.Server.Tests;

/// <summary><c>serve --tts-voice</c>: the flite voice of English prompts, kal unless told.</summary>
public class TtsVoiceSettingTests
{
    private static ServeOptions Options(Dictionary<string, string> flags, IDictionary? env = null) =>
        ServeOptions.From(SettingsLoader.Load(null, [.. ServeSettings.All.Select(s => s.Name)], flags, env ?? new Hashtable()));

    [Test]
    public void Kal_by_default_and_any_flite_voice_when_given()
    {
        Assert.That(Options([]).TtsVoice, Is.EqualTo("kal"));
        Assert.That(Options(new() { ["tts-voice"] = "awb" }).TtsVoice, Is.EqualTo("awb"));
        Assert.That(Options([], new Hashtable { ["TELEPHONY_TTS_VOICE"] = "rms" }).TtsVoice, Is.EqualTo("rms"));
    }

    [Test]
    public void Another_voice_is_refused_naming_the_flag() =>
        Assert.That(() => Options(new() { ["tts-voice"] = "de" }), Throws.TypeOf<UsageException>().With.Message.Contains("--tts-voice").And.Message.Contains("kal, slt, rms or awb"));
}
