namespace Telephony.Media.Codecs;

/// <summary>ITU-T G.711 μ-law and A-law companding, bit-exact with the G.191 reference tables.</summary>
/// <remarks>
/// Encoding uses 64 KiB lookup tables indexed by the 16-bit sample and decoding 256-entry tables,
/// all computed once from the segment rules below, so the per-sample cost is one load. Thread-safe.
/// </remarks>
public static class G711
{
    private const int MuBias = 0x84;
    private const int MuClip = 8159;

    // Upper bounds of each segment: μ-law on the 14-bit magnitude plus bias, A-law on 13-bit magnitude.
    private static readonly short[] MuSegmentEnd = [0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF];
    private static readonly short[] ASegmentEnd = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];

    private static readonly short[] MuDecode = BuildDecode(MuLawToLinearSlow);
    private static readonly short[] ADecode = BuildDecode(ALawToLinearSlow);
    private static readonly byte[] MuEncode = BuildEncode(LinearToMuLawSlow);
    private static readonly byte[] AEncode = BuildEncode(LinearToALawSlow);

    public static byte LinearToMuLaw(short pcm) => MuEncode[(ushort)pcm];

    public static short MuLawToLinear(byte code) => MuDecode[code];

    public static byte LinearToALaw(short pcm) => AEncode[(ushort)pcm];

    public static short ALawToLinear(byte code) => ADecode[code];

    /// <summary>The code of digital silence: μ-law 0xFF, A-law 0xD5.</summary>
    public static byte SilenceByte(AudioEncoding encoding) => encoding == AudioEncoding.Pcmu ? (byte)0xFF : (byte)0xD5;

    public static void EncodeMuLaw(ReadOnlySpan<short> pcm, Span<byte> destination) => Encode(MuEncode, pcm, destination);

    public static void EncodeALaw(ReadOnlySpan<short> pcm, Span<byte> destination) => Encode(AEncode, pcm, destination);

    public static void DecodeMuLaw(ReadOnlySpan<byte> codes, Span<short> destination) => Decode(MuDecode, codes, destination);

    public static void DecodeALaw(ReadOnlySpan<byte> codes, Span<short> destination) => Decode(ADecode, codes, destination);

    public static void Encode(AudioEncoding encoding, ReadOnlySpan<short> pcm, Span<byte> destination) =>
        Encode(encoding == AudioEncoding.Pcmu ? MuEncode : AEncode, pcm, destination);

    public static void Decode(AudioEncoding encoding, ReadOnlySpan<byte> codes, Span<short> destination) =>
        Decode(encoding == AudioEncoding.Pcmu ? MuDecode : ADecode, codes, destination);

    private static void Encode(byte[] table, ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (destination.Length < pcm.Length)
        {
            throw new ArgumentException("destination is shorter than the input", nameof(destination));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            destination[i] = table[(ushort)pcm[i]];
        }
    }

    private static void Decode(short[] table, ReadOnlySpan<byte> codes, Span<short> destination)
    {
        if (destination.Length < codes.Length)
        {
            throw new ArgumentException("destination is shorter than the input", nameof(destination));
        }

        for (var i = 0; i < codes.Length; i++)
        {
            destination[i] = table[codes[i]];
        }
    }

    private static int Segment(int value, short[] ends)
    {
        for (var i = 0; i < ends.Length; i++)
        {
            if (value <= ends[i])
            {
                return i;
            }
        }

        return ends.Length;
    }

    /// <summary>μ-law: 14-bit magnitude (top bits of the 16-bit sample), bias 33, 8 segments, all bits inverted.</summary>
    private static byte LinearToMuLawSlow(short sample)
    {
        int pcm = sample >> 2;
        int mask;
        if (pcm < 0)
        {
            pcm = -pcm;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        pcm = Math.Min(pcm, MuClip) + (MuBias >> 2);
        var seg = Segment(pcm, MuSegmentEnd);
        if (seg >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        return (byte)(((seg << 4) | ((pcm >> (seg + 1)) & 0x0F)) ^ mask);
    }

    private static short MuLawToLinearSlow(byte code)
    {
        int u = ~code & 0xFF;
        var t = (((u & 0x0F) << 3) + MuBias) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? MuBias - t : t - MuBias);
    }

    /// <summary>A-law: 13-bit magnitude (top bits of the 16-bit sample), 8 segments, even bits inverted (0x55).</summary>
    private static byte LinearToALawSlow(short sample)
    {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            pcm = -pcm - 1;
        }

        var seg = Segment(pcm, ASegmentEnd);
        if (seg >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var value = seg << 4;
        value |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte)(value ^ mask);
    }

    private static short ALawToLinearSlow(byte code)
    {
        int a = code ^ 0x55;
        var t = (a & 0x0F) << 4;
        var seg = (a & 0x70) >> 4;
        t = seg switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (seg - 1),
        };
        return (short)((a & 0x80) != 0 ? t : -t);
    }

    private static short[] BuildDecode(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }

    private static byte[] BuildEncode(Func<short, byte> encode)
    {
        var table = new byte[65536];
        for (var i = 0; i < 65536; i++)
        {
            table[i] = encode((short)(ushort)i);
        }

        return table;
    }
}
