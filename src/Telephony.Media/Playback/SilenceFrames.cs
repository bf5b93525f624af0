using Telephony.Media.Codecs;

namespace Telephony.Media.Playback;

/// <summary>
/// One longest-frame of silence per codec, computed once per process and shared read-only: a new
/// call must not pay for encoding G.722 silence (thousands of samples through the encoder) again.
/// </summary>
internal static class SilenceFrames
{
    private static readonly Lazy<byte[]>[] Frames =
        [.. Enum.GetValues<AudioEncoding>().Select(e => new Lazy<byte[]>(() => AudioEncodings.SilenceFrame(e, PlaybackQueue.MaxFrameBytes)))];

    /// <summary><see cref="PlaybackQueue.MaxFrameBytes"/> bytes of the codec's silence; never write to it.</summary>
    public static byte[] Of(AudioEncoding encoding) => Frames[(int)encoding].Value;
}
