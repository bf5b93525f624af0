using Telephony.Media.Codecs;

namespace Telephony.Media.Rtp;

/// <summary>8 kHz audio already encoded for the wire; shared read-only by every call that plays it.</summary>
public sealed class EncodedAudio
{
    private EncodedAudio(AudioEncoding encoding, byte[] data)
    {
        Encoding = encoding;
        Data = data;
    }

    public AudioEncoding Encoding { get; }

    public byte[] Data { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds(Data.Length / 8000.0);

    public static EncodedAudio FromPcm(short[] pcm8k, AudioEncoding encoding)
    {
        var data = new byte[pcm8k.Length];
        G711.Encode(encoding, pcm8k, data);
        return new EncodedAudio(encoding, data);
    }
}

/// <summary>How a playback ended.</summary>
public enum PlaybackResult
{
    Completed,
    Stopped,
    Cancelled,
}
