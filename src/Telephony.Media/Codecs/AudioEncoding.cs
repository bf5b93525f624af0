namespace Telephony.Media.Codecs;

/// <summary>The audio codecs a call can be encoded with.</summary>
/// <remarks>
/// All three put 8 bytes per millisecond on the wire with an 8000 Hz RTP clock (G.722 samples at
/// 16 kHz but keeps the 8000 clock, RFC 3551 §4.5.2), so packet sizes and timestamps are the same.
/// </remarks>
public enum AudioEncoding
{
    /// <summary>G.711 μ-law (RTP payload type 0).</summary>
    Pcmu,

    /// <summary>G.711 A-law (RTP payload type 8).</summary>
    Pcma,

    /// <summary>G.722 wideband, 64 kbit/s (RTP payload type 9).</summary>
    G722,
}

/// <summary>Names and constants of <see cref="AudioEncoding"/>.</summary>
public static class AudioEncodings
{
    /// <summary>From the SDP encoding name (PCMU, PCMA, G722); PCMU for anything else.</summary>
    public static AudioEncoding FromSdpName(string? name) => name?.ToUpperInvariant() switch
    {
        "PCMA" => AudioEncoding.Pcma,
        "G722" => AudioEncoding.G722,
        _ => AudioEncoding.Pcmu,
    };

    /// <summary>
    /// One packet's worth of silence: G.711's silence code repeated, or G.722's steady-state code
    /// for digital silence (what its encoder settles on for zero input).
    /// </summary>
    public static byte[] SilenceFrame(AudioEncoding encoding, int bytes)
    {
        var frame = new byte[bytes];
        if (encoding != AudioEncoding.G722)
        {
            Array.Fill(frame, G711.SilenceByte(encoding));
            return frame;
        }

        var encoder = new G722.G722Encoder();
        var zeros = new short[(bytes * 2) + 3200];
        var codes = new byte[zeros.Length / 2];
        encoder.Encode(zeros, codes);
        codes.AsSpan(codes.Length - bytes).CopyTo(frame);
        return frame;
    }
}
