using System.Buffers;
using System.Buffers.Binary;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;

namespace Telephony.Media.Recording;

/// <summary>Which side of the call a recorded frame belongs to.</summary>
public enum RecordedSide
{
    /// <summary>The caller, as we received them: the left channel.</summary>
    Caller,

    /// <summary>What we sent (prompts, TTS, silence): the right channel.</summary>
    Server,
}

/// <summary>How a recording's two directions are laid out in the WAV.</summary>
public enum RecordingChannels
{
    /// <summary>Two channels: the caller left, what we sent right (for QA tools and speech analytics).</summary>
    Stereo,

    /// <summary>One channel, both directions mixed (half the size; what most people expect to hear).</summary>
    Mono,
}

/// <summary>
/// Records both directions of a call into a 16-bit 8 kHz WAV file, stereo (caller left, server
/// right) or mixed to mono, written crash-safely: frames go to two sparse side files by sample position (so gaps
/// and reordered packets land where they belong, missing audio reads as silence), and on finish
/// the WAV is assembled in a temporary file, flushed to disk and renamed into place.
/// </summary>
/// <remarks>
/// <see cref="Write"/> is called from the media clock and the receive loop: it only copies the
/// frame into a pooled buffer and queues it; a background task does all file I/O, so a slow disk
/// never delays a packet. Thread-safe.
/// </remarks>
public sealed class CallRecorder
{
    private const int SampleRate = 8000;

    /// <summary>Four hours at 8 kHz: a frame claiming a position past that is a broken timestamp, not audio.</summary>
    private const long MaxSamples = 4L * 3600 * SampleRate;

    private readonly string _path;
    private readonly RecordingChannels _channels;
    private readonly string _callerPart;
    private readonly string _serverPart;
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _callerEnd;
    private long _serverEnd;

    private readonly record struct Frame(RecordedSide Side, long Position, short[] Buffer, int Length);

    /// <param name="path">The WAV to produce (its folder is created).</param>
    /// <param name="channels">Stereo (caller left) or both sides mixed to mono.</param>
    public CallRecorder(string path, RecordingChannels channels = RecordingChannels.Stereo)
    {
        _path = path;
        _channels = channels;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _callerPart = path + ".caller.part";
        _serverPart = path + ".server.part";
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Frames dropped because they claimed an impossible position.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    private long _rejected;

    /// <summary>Queues 8 kHz PCM of one side at a sample position counted from the start of the call's media.</summary>
    public void Write(RecordedSide side, long position, ReadOnlySpan<short> pcm)
    {
        if (position < 0 || position + pcm.Length > MaxSamples)
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        var buffer = ArrayPool<short>.Shared.Rent(pcm.Length);
        pcm.CopyTo(buffer);
        if (!_frames.Writer.TryWrite(new Frame(side, position, buffer, pcm.Length)))
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }

    private async Task WriteLoopAsync()
    {
        using var caller = File.OpenHandle(_callerPart, FileMode.Create, FileAccess.ReadWrite);
        using var server = File.OpenHandle(_serverPart, FileMode.Create, FileAccess.ReadWrite);
        var bytes = new byte[2 * 8 * 60 * 2];
        await foreach (var frame in _frames.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var length = frame.Length * 2;
            if (bytes.Length < length)
            {
                bytes = new byte[length];
            }

            for (var i = 0; i < frame.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), frame.Buffer[i]);
            }

            ArrayPool<short>.Shared.Return(frame.Buffer);
            var handle = frame.Side == RecordedSide.Caller ? caller : server;
            RandomAccess.Write(handle, bytes.AsSpan(0, length), frame.Position * 2);
            var end = frame.Position + frame.Length;
            if (frame.Side == RecordedSide.Caller)
            {
                _callerEnd = Math.Max(_callerEnd, end);
            }
            else
            {
                _serverEnd = Math.Max(_serverEnd, end);
            }
        }
    }

    /// <summary>Writes the WAV (temporary file, fsync, rename) and removes the side files; returns its path, or null when nothing was recorded.</summary>
    public async Task<string?> FinishAsync()
    {
        _frames.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        try
        {
            var samples = Math.Max(_callerEnd, _serverEnd);
            if (samples == 0)
            {
                return null;
            }

            var temp = _path + ".tmp";
            await using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            using (var caller = File.OpenHandle(_callerPart))
            using (var server = File.OpenHandle(_serverPart))
            {
                output.Write(Header(samples, _channels));
                Combine(caller, server, samples, _channels, output);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
            return _path;
        }
        finally
        {
            File.Delete(_callerPart);
            File.Delete(_serverPart);
        }
    }

    private static void Combine(SafeFileHandle caller, SafeFileHandle server, long samples, RecordingChannels channels, FileStream output)
    {
        const int Chunk = 4096;
        var left = new byte[Chunk * 2];
        var right = new byte[Chunk * 2];
        var both = new byte[Chunk * 4];
        for (long at = 0; at < samples; at += Chunk)
        {
            var n = (int)Math.Min(Chunk, samples - at);
            ReadSide(caller, left, at, n);
            ReadSide(server, right, at, n);
            if (channels == RecordingChannels.Mono)
            {
                for (var i = 0; i < n; i++)
                {
                    // Summed and clipped, not averaged: each side keeps its own loudness.
                    var mixed = BinaryPrimitives.ReadInt16LittleEndian(left.AsSpan(2 * i)) + BinaryPrimitives.ReadInt16LittleEndian(right.AsSpan(2 * i));
                    BinaryPrimitives.WriteInt16LittleEndian(both.AsSpan(2 * i), (short)Math.Clamp(mixed, short.MinValue, short.MaxValue));
                }

                output.Write(both, 0, n * 2);
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                both[4 * i] = left[2 * i];
                both[(4 * i) + 1] = left[(2 * i) + 1];
                both[(4 * i) + 2] = right[2 * i];
                both[(4 * i) + 3] = right[(2 * i) + 1];
            }

            output.Write(both, 0, n * 4);
        }
    }

    /// <summary>Reads a side's samples; past its end (the other side was longer) is silence.</summary>
    private static void ReadSide(SafeFileHandle side, byte[] buffer, long at, int samples)
    {
        var read = RandomAccess.Read(side, buffer.AsSpan(0, samples * 2), at * 2);
        buffer.AsSpan(read, (samples * 2) - read).Clear();
    }

    private static byte[] Header(long samples, RecordingChannels channels)
    {
        var count = channels == RecordingChannels.Mono ? 1 : 2;
        var header = new byte[Wav.WavHeader.Length];
        Wav.WavHeader.Write(header, SampleRate, channels: (short)count, checked((int)(samples * 2 * count)));
        return header;
    }
}
