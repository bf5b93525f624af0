using Telephony.Media.Codecs;

namespace Telephony.Media.Rtp;

/// <summary>Audio already encoded for the wire (8 bytes per ms for every codec we speak); shared read-only by every call that plays it.</summary>
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

    /// <summary>Encodes 8 kHz audio (upsampled to 16 kHz for G.722).</summary>
    public static EncodedAudio FromPcm(short[] pcm8k, AudioEncoding encoding)
    {
        if (encoding == AudioEncoding.G722)
        {
            return FromPcm16k(Audio.Resampler.ToRate(pcm8k, 8000, Codecs.G722.G722.SampleRate));
        }

        var data = new byte[pcm8k.Length];
        G711.Encode(encoding, pcm8k, data);
        return new EncodedAudio(encoding, data);
    }

    /// <summary>Encodes 16 kHz audio as G.722 (wideband prompts keep their bandwidth).</summary>
    public static EncodedAudio FromPcm16k(short[] pcm16k)
    {
        var data = new byte[Codecs.G722.G722.EncodedLength(pcm16k.Length + 1)];
        var written = new Codecs.G722.G722Encoder().Encode(pcm16k, data);
        return new EncodedAudio(AudioEncoding.G722, written == data.Length ? data : data[..written]);
    }
}

/// <summary>How a playback ended.</summary>
public enum PlaybackResult
{
    /// <summary>Played to its end.</summary>
    Completed,

    /// <summary>Stopped (or replaced) before its end.</summary>
    Stopped,

    /// <summary>The call ended, or the caller's cancellation token fired.</summary>
    Cancelled,

    /// <summary>A play-list item never started: the list was stopped or cancelled before it.</summary>
    NotPlayed,
}
