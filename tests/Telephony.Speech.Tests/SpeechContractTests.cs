using Telephony.Speech.Recognition;

namespace Telephony.Speech.Tests;

public class SpeechContractTests
{
    [Test]
    public void Real_time_factor_is_processing_time_over_audio_length()
    {
        var result = new RecognitionResult("two", 0.9, [], "pocketsphinx", true, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));
        Assert.That(result.RealTimeFactor, Is.EqualTo(0.05).Within(1e-9));
        Assert.That(result with { AudioLength = TimeSpan.Zero }, Has.Property(nameof(RecognitionResult.RealTimeFactor)).EqualTo(0));
    }
}
