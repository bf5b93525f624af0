using Telephony.Media.Wav;

namespace Telephony.Server.Tests;

/// <summary><c>telephony prompts render</c>: every fixed TTS and say prompt of the dialplans into the cache, once.</summary>
public class PromptsRenderCommandTests
{
    private const string Dialplan = """
        dialplan: shop
        language: en-US
        flows:
          main:
            - play:
                - tts: Welcome to the shop.
                - tts: "Hello ${caller}."
                - say: "12.50"
                  as: currency
                  currency: USD
                - tts: Guten Tag.
                  language: de
                - tts: Goodbye.
                  voice: slt
            - hangup: normal
        """;

    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("prompts-render-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void Renders_every_fixed_prompt_once_and_lists_templates_as_skipped()
    {
        var dialplans = Directory.CreateDirectory(Path.Combine(_folder, "dialplans")).FullName;
        File.WriteAllText(Path.Combine(dialplans, "shop.yaml"), Dialplan);
        var data = Path.Combine(_folder, "data");

        var (code, output, error) = Run("prompts", "render", "--dialplans", dialplans, "--data", data);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("flite/kal  \"Welcome to the shop.\""));
        Assert.That(output, Does.Contain("flite/kal  \"twelve dollars and fifty cents\""));
        Assert.That(output, Does.Contain("espeak-ng/de  \"Guten Tag.\""));
        Assert.That(output, Does.Contain("flite/slt  \"Goodbye.\""));
        Assert.That(output, Does.Contain("skipped").And.Contain("Hello ${caller}."));
        Assert.That(output, Does.Contain("4 prompts in ").And.Contain(": 4 rendered, 0 already cached; 1 skipped"));

        var files = Directory.GetFiles(Path.Combine(data, "prompt-cache"), "*.wav");
        Assert.That(files, Has.Length.EqualTo(4));
        Assert.That(files.Select(f => WavReader.Read(f).SampleRate), Has.All.EqualTo(8000), "calls play them at 8 kHz");

        var again = Run("prompts", "render", "--dialplans", dialplans, "--data", data);
        Assert.That(again.Output, Does.Contain(": 0 rendered, 4 already cached"));
    }

    [Test]
    public void A_refused_prompt_and_an_invalid_dialplan_fail_the_run()
    {
        var dialplans = Directory.CreateDirectory(Path.Combine(_folder, "dialplans")).FullName;
        File.WriteAllText(Path.Combine(dialplans, "zh.yaml"), """
            dialplan: zh
            language: zh
            flows:
              main:
                - play:
                    - tts: 你好
                    - tts: ni3 hao3
            """);
        File.WriteAllText(Path.Combine(dialplans, "broken.yaml"), "dialplan: broken\nflows: 3\n");
        var (code, output, _) = Run("prompts", "render", "--dialplans", dialplans, "--data", Path.Combine(_folder, "data"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.Contain("failed").And.Contain("pinyin"));
        Assert.That(output, Does.Contain("broken.yaml: invalid"));
        Assert.That(output, Does.Contain("1 rendered").And.Contain("1 failed, 1 invalid dialplan"));
    }

    [Test]
    public void The_servers_english_voice_is_the_one_rendered()
    {
        var dialplans = Directory.CreateDirectory(Path.Combine(_folder, "dialplans")).FullName;
        File.WriteAllText(Path.Combine(dialplans, "shop.yaml"), Dialplan);
        var (code, output, _) = Run("prompts", "render", "--dialplans", dialplans, "--data", Path.Combine(_folder, "data"), "--tts-voice", "rms");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("flite/rms  \"Welcome to the shop.\"").And.Contain("flite/slt  \"Goodbye.\""), "a prompt's own voice still wins");
        Assert.That(() => Run("prompts", "render", "--dialplans", dialplans, "--tts-voice", "de"), Throws.TypeOf<Cli.UsageException>().With.Message.Contains("--tts-voice"));
    }

    [Test]
    public void A_missing_dialplans_folder_is_a_usage_error() =>
        Assert.That(() => Run("prompts", "render", "--dialplans", Path.Combine(_folder, "nope")), Throws.TypeOf<Cli.UsageException>().With.Message.Contains("--dialplans"));
}
