using System.Buffers.Binary;

namespace Telephony.Speech.Tests.Whisper;

/// <summary>Copies of the tiny model with one flaw each, written into a test's own folder.</summary>
internal sealed class BrokenModels : IDisposable
{
    /// <summary>Where the vocabulary starts: magic and 11 hyper-parameters, then the 80 × 201 filter bank with its two sizes.</summary>
    public const int VocabularyOffset = 48 + 8 + (TinyWhisperModel.Mels * TinyWhisperModel.FftBins * 4);

    /// <summary>Where the first tensor header starts: after the 256 one-byte tokens (4 + 1 bytes each) and their count.</summary>
    public const int FirstTensorOffset = VocabularyOffset + 4 + (256 * 5);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "telephony-whisper-" + Guid.NewGuid().ToString("N"));

    public BrokenModels()
    {
        Directory.CreateDirectory(_folder);
        Valid = File.ReadAllBytes(TinyWhisperModel.SharedPath);
    }

    public byte[] Valid { get; }

    public string Folder => _folder;

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The model with the first <paramref name="length"/> bytes only.</summary>
    public string Truncated(int length) => Write($"truncated-{length}.bin", Valid[..length]);

    /// <summary>The model with the int32 at <paramref name="offset"/> replaced.</summary>
    public string WithInt(string name, int offset, int value)
    {
        var bytes = (byte[])Valid.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        return Write(name, bytes);
    }

    public string WithHeader(string field, int value) => WithInt($"{field}-{value}.bin", TinyWhisperModel.OffsetOf(field), value);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
