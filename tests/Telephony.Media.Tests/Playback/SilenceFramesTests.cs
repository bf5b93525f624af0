using Telephony.Media.Codecs;
using Telephony.Media.Playback;

namespace Telephony.Media.Tests.Playback;

public class SilenceFramesTests
{
    [TestCase(AudioEncoding.Pcmu)]
    [TestCase(AudioEncoding.Pcma)]
    [TestCase(AudioEncoding.G722)]
    public void Any_prefix_of_the_shared_frame_is_the_codec_silence_for_that_length(AudioEncoding encoding)
    {
        var shared = SilenceFrames.Of(encoding);

        foreach (var bytes in new[] { 80, 160, 240, 480 })
        {
            Assert.That(shared.AsSpan(0, bytes).ToArray(), Is.EqualTo(AudioEncodings.SilenceFrame(encoding, bytes)), $"{bytes} bytes");
        }

        Assert.That(SilenceFrames.Of(encoding), Is.SameAs(shared));
    }
}
