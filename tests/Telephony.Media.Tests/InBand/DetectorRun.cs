using Telephony.Media.Dtmf.InBand;

namespace Telephony.Media.Tests.InBand;

/// <summary>Runs a fresh detector over audio in fixed-size frames and records what it raised.</summary>
internal sealed class DetectorRun
{
    public List<InBandDigit> Started { get; } = [];

    public List<InBandDigit> Ended { get; } = [];

    public string Keys => string.Concat(Ended.Select(d => d.Digit));

    public static DetectorRun Of(short[] samples, int frame = 160)
    {
        var run = new DetectorRun();
        var detector = new GoertzelDtmfDetector();
        detector.DigitStarted += run.Started.Add;
        detector.DigitEnded += run.Ended.Add;
        for (var at = 0; at < samples.Length; at += frame)
        {
            detector.Process(samples.AsSpan(at, Math.Min(frame, samples.Length - at)));
        }

        detector.Flush();
        return run;
    }
}
