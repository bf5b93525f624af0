using System.Buffers;
using System.Buffers.Binary;
using System.Threading.Channels;
using Telephony.Media.Wav;

namespace Telephony.Calls.Recording;

/// <summary>
/// Streams 16-bit mono PCM into a WAV file as it is recorded. The producer only copies each frame
/// into a pooled buffer and queues it; one background task does every write, so neither the media
/// side nor the recorder's detector waits for the disk.
/// </summary>
/// <remarks>
/// <para>
/// The header goes first with a data size of 0; once a second of audio the task flushes and patches
/// the two sizes, and on <see cref="CompleteAsync"/> it patches them for the last time and flushes to
/// disk. A crash therefore leaves a valid WAV holding all but at most the last second by its
/// header (tolerant readers and <see cref="Repair"/> take the rest: the sizes follow from the file's
/// length).
/// </para>
/// <para>Single producer: <see cref="Write"/>, <see cref="TruncateTo"/> and <see cref="CompleteAsync"/> are called by one task at a time.</para>
/// </remarks>
public sealed class WavStreamWriter
{
    private readonly Channel<Item> _items = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly int _sampleRate;
    private readonly int _patchEvery;
    private readonly Task<long> _loop;
    private long _queued;

    private readonly record struct Item(byte[]? Buffer, int Bytes, long TruncateTo);

    /// <param name="path">The WAV to write (its folder is created; an existing file is replaced).</param>
    /// <param name="sampleRate">Samples per second (8000 for a call's tap).</param>
    /// <param name="patchEvery">Samples between header patches (one second by default).</param>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public WavStreamWriter(string path, int sampleRate = 8000, int? patchEvery = null)
    {
        Path = path;
        _sampleRate = sampleRate;
        _patchEvery = patchEvery ?? sampleRate;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // The stream belongs to the write loop, which disposes it however it ends.
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 16 * 1024, FileOptions.None);
        try
        {
            Span<byte> header = stackalloc byte[WavHeader.Length];
            WavHeader.Write(header, sampleRate, channels: 1, dataBytes: 0);
            file.Write(header);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _loop = Task.Run(() => WriteLoopAsync(file));
    }

    public string Path { get; }

    /// <summary>Samples queued so far (less what <see cref="TruncateTo"/> took back).</summary>
    public long Samples => _queued;

    /// <summary>The disk error that stopped writing, or null.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Queues samples; copies them into a pooled buffer and returns at once.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        var bytes = samples.Length * 2;
        var buffer = ArrayPool<byte>.Shared.Rent(bytes);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), samples[i]);
        }

        if (_items.Writer.TryWrite(new Item(buffer, bytes, -1)))
        {
            _queued += samples.Length;
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Takes back everything after the first <paramref name="samples"/> samples (a stop key's tone at the end).</summary>
    public void TruncateTo(long samples)
    {
        samples = Math.Clamp(samples, 0, _queued);
        if (_items.Writer.TryWrite(new Item(null, 0, samples)))
        {
            _queued = samples;
        }
    }

    /// <summary>Writes what is queued, patches the header, flushes to disk and closes; returns the samples in the file.</summary>
    public async Task<long> CompleteAsync()
    {
        _items.Writer.TryComplete();
        return await _loop;
    }

    /// <summary>Closes and deletes the file (nothing worth keeping was recorded).</summary>
    public async Task DiscardAsync()
    {
        await CompleteAsync();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: a file we could not delete is a harmless empty message.
        }
    }

    private async Task<long> WriteLoopAsync(FileStream file)
    {
        long written = 0;
        long patched = 0;
        await foreach (var item in _items.Reader.ReadAllAsync())
        {
            try
            {
                if (Error is not null)
                {
                    continue;
                }

                if (item.Buffer is null)
                {
                    written = Math.Min(written, item.TruncateTo);
                    file.Flush();
                    file.SetLength(WavHeader.Length + (written * 2));
                    file.Seek(0, SeekOrigin.End);
                    continue;
                }

                file.Write(item.Buffer, 0, item.Bytes);
                written += item.Bytes / 2;
                if (written - patched >= _patchEvery)
                {
                    Patch(file, written, toDisk: false);
                    patched = written;
                }
            }
            catch (IOException e)
            {
                Error = e;
            }
            finally
            {
                if (item.Buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(item.Buffer);
                }
            }
        }

        try
        {
            if (Error is null)
            {
                Patch(file, written, toDisk: true);
            }
        }
        catch (IOException e)
        {
            Error = e;
        }
        finally
        {
            await file.DisposeAsync();
        }

        return written;
    }

    /// <summary>Writes the sizes for <paramref name="samples"/> into the header and returns to the end.</summary>
    private void Patch(FileStream file, long samples, bool toDisk)
    {
        Span<byte> header = stackalloc byte[WavHeader.Length];
        WavHeader.Write(header, _sampleRate, channels: 1, DataBytes(samples));
        file.Flush();
        file.Seek(0, SeekOrigin.Begin);
        file.Write(header);
        file.Seek(0, SeekOrigin.End);
        file.Flush(flushToDisk: toDisk);
    }

    private static int DataBytes(long samples) => (int)Math.Min(samples * 2, int.MaxValue - WavHeader.Length);

    /// <summary>
    /// Fixes the header of a file a crash left behind: the sizes follow from the file's length
    /// (16-bit mono PCM after the 44-byte header this writer puts first). Returns the samples in it.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a file this writer started.</exception>
    public static long Repair(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Span<byte> header = stackalloc byte[WavHeader.Length];
        if (file.Read(header) < WavHeader.Length || !header[..4].SequenceEqual("RIFF"u8) || !header.Slice(36, 4).SequenceEqual("data"u8))
        {
            throw new InvalidDataException($"{path}: not a recording's WAV (no 44-byte PCM header)");
        }

        var rate = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
        var samples = (file.Length - WavHeader.Length) / 2;
        file.SetLength(WavHeader.Length + (samples * 2)); // an odd byte from a torn write
        WavHeader.Write(header, rate, channels: 1, DataBytes(samples));
        file.Seek(0, SeekOrigin.Begin);
        file.Write(header);
        file.Flush(flushToDisk: true);
        return samples;
    }
}
