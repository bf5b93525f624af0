namespace Telephony.Media.Dtmf.InBand;

/// <summary>A key press heard in the audio: the key, where its tone began and how long it has lasted, in 8 kHz samples since the detector started.</summary>
/// <remarks>Start and duration are measured on the detector's 6.4 ms analysis steps, so each is good to about ±6 ms.</remarks>
public readonly record struct InBandDigit(char Digit, long StartSample, int DurationSamples)
{
    /// <summary>Start as time since the detector's first sample.</summary>
    public TimeSpan Start => TimeSpan.FromSeconds(StartSample / (double)DtmfBlockClassifier.SampleRate);

    /// <summary>Duration of the tone as time.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSamples / (double)DtmfBlockClassifier.SampleRate);
}
