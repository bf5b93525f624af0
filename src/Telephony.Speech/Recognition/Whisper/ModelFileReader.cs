using System.Buffers.Binary;

namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// Reads a model file front to back, little-endian, knowing its length: every read first checks
/// the bytes are there, so a short file is reported as "truncated" naming what was being read
/// and where, instead of whatever a read past the end would give.
/// </summary>
internal sealed class ModelFileReader : IDisposable
{
    private readonly FileStream _file;
    private readonly byte[] _scratch = new byte[8];

    public ModelFileReader(FileStream file)
    {
        _file = file;
        Length = file.Length;
    }

    public long Length { get; }

    public long Offset => _file.Position;

    public long Remaining => Length - _file.Position;

    /// <exception cref="ModelFormatException">Fewer than 4 bytes are left.</exception>
    public int ReadInt32(string what)
    {
        Require(4, what);
        _file.ReadExactly(_scratch, 0, 4);
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    public float ReadSingle(string what) => BitConverter.Int32BitsToSingle(ReadInt32(what));

    /// <exception cref="ModelFormatException">Fewer than <paramref name="count"/> bytes are left.</exception>
    public byte[] ReadBytes(int count, string what)
    {
        Require(count, what);
        var bytes = new byte[count];
        _file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Moves past <paramref name="count"/> bytes (tensor data is checked for size, not read).</summary>
    public void Skip(long count, string what)
    {
        Require(count, what);
        _file.Seek(count, SeekOrigin.Current);
    }

    public void Require(long count, string what)
    {
        if (count > Remaining)
        {
            throw new ModelFormatException($"truncated: {what} needs {count} bytes at offset {Offset}, but the file ends {Remaining} bytes later (file size {Length}); the download or copy was probably cut short");
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>What is wrong with a model file's content; <see cref="WhisperModelFile"/> adds the path.</summary>
internal sealed class ModelFormatException : Exception
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
