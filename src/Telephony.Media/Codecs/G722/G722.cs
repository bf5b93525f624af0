namespace Telephony.Media.Codecs.G722;

/// <summary>ITU-T G.722 facts a call needs beside the codec itself: rates and the static payload type.</summary>
/// <remarks>
/// G.722 samples audio at 16 kHz, but RFC 3551 §4.5.2 fixes its RTP clock rate at 8000 Hz (an error in
/// RFC 1890 kept for compatibility), so RTP timestamps advance by 160 per 20 ms packet, not 320, and
/// SDP says <c>a=rtpmap:9 G722/8000</c>. Each 8-bit code carries one 16 kHz sample pair (64 kbit/s, mode 1).
/// </remarks>
public static class G722
{
    /// <summary>Audio sample rate the encoder consumes and the decoder produces: 16 000 Hz.</summary>
    public const int SampleRate = 16000;

    /// <summary>RTP timestamp clock rate, 8000 Hz per RFC 3551 even though audio is sampled at 16 kHz.</summary>
    public const int RtpClockRate = 8000;

    /// <summary>Static RTP payload type assigned by RFC 3551.</summary>
    public const int PayloadType = 9;

    /// <summary>Bytes of G.722 (64 kbit/s) needed for <paramref name="samples"/> 16 kHz samples, rounded down to whole pairs.</summary>
    public static int EncodedLength(int samples) => samples / 2;

    /// <summary>16 kHz samples produced from <paramref name="codes"/> bytes of G.722.</summary>
    public static int DecodedLength(int codes) => codes * 2;
}
