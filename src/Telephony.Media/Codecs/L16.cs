using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Telephony.Media.Codecs;

/// <summary>L16 (RFC 3551 §4.5.11): uncompressed 16-bit signed linear PCM in network (big-endian) byte order.</summary>
/// <remarks>
/// The format carries no rate of its own: RFC 3551 assigns static payload types 10 (stereo) and 11 (mono)
/// at 44 100 Hz; telephony uses dynamic payload types with the rate named in SDP (e.g. <c>L16/16000</c>),
/// and the RTP clock rate equals the sample rate. Channels are interleaved; this codec sees samples only.
/// </remarks>
public static class L16
{
    /// <summary>Bytes per sample.</summary>
    public const int BytesPerSample = 2;

    /// <summary>Writes <paramref name="pcm"/> big-endian and returns the number of bytes written (2 per sample).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 2 bytes per sample.</exception>
    public static int Encode(ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        var length = pcm.Length * BytesPerSample;
        if (destination.Length < length)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but {length} are needed", nameof(destination));
        }

        var target = MemoryMarshal.Cast<byte, short>(destination[..length]);
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(pcm, target);
        }
        else
        {
            pcm.CopyTo(target);
        }

        return length;
    }

    /// <summary>Reads big-endian samples and returns how many were written; an odd trailing byte is not a sample and is ignored.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the whole samples in <paramref name="payload"/>.</exception>
    public static int Decode(ReadOnlySpan<byte> payload, Span<short> destination)
    {
        var samples = payload.Length / BytesPerSample;
        if (destination.Length < samples)
        {
            throw new ArgumentException($"destination holds {destination.Length} samples but {samples} are needed", nameof(destination));
        }

        var source = MemoryMarshal.Cast<byte, short>(payload[..(samples * BytesPerSample)]);
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, destination[..samples]);
        }
        else
        {
            source.CopyTo(destination);
        }

        return samples;
    }
}
