namespace Telephony.Speech.Vad;

/// <summary>
/// Turns per-window voiced/unvoiced decisions into speech starts and ends, the same way for every
/// engine: a start once <see cref="VadOptions.MinSpeech"/> of voiced audio has gathered (so a
/// click or a cough is not speech), an end once <see cref="VadOptions.TrailingSilence"/> of
/// unvoiced audio follows it. Times are sample counts on the stream's own clock (8 kHz).
/// </summary>
internal sealed class VadHysteresis
{
    /// <summary>
    /// Unvoiced audio a gathering start may contain: speech has short dips (stop consonants, an
    /// energy frame between syllables) that must not restart the count, but a longer pause does.
    /// </summary>
    private const long GapToleranceSamples = VadClock.SampleRate * 60 / 1000;

    private readonly long _minSpeech;
    private readonly long _trailingSilence;

    private long _runStart = -1;
    private long _runVoiced;
    private long _runGap;
    private long _lastVoicedEnd;
    private long _silence;

    public VadHysteresis(VadOptions options)
    {
        _minSpeech = VadClock.ToSamples(options.MinSpeechOrDefault);
        _trailingSilence = VadClock.ToSamples(options.TrailingSilenceOrDefault);
    }

    public bool InSpeech { get; private set; }

    /// <summary>In speech or gathering a start: engines judge such windows with their lower (staying) threshold.</summary>
    public bool Voicing => InSpeech || _runStart >= 0;

    /// <summary>Takes the decision for the window [<paramref name="start"/>, <paramref name="end"/>) and returns the transition it completes.</summary>
    public VadTransition Observe(bool voiced, long start, long end)
    {
        var length = end - start;
        if (InSpeech)
        {
            if (voiced)
            {
                _lastVoicedEnd = end;
                _silence = 0;
                return VadTransition.None;
            }

            _silence += length;
            if (_silence < _trailingSilence)
            {
                return VadTransition.None;
            }

            InSpeech = false;
            ClearRun();
            return new VadTransition(VadTransitionKind.SpeechEnded, VadClock.ToTime(_lastVoicedEnd));
        }

        if (voiced)
        {
            if (_runStart < 0)
            {
                _runStart = start;
            }

            _runVoiced += length;
            _runGap = 0;
            _lastVoicedEnd = end;
            if (_runVoiced < _minSpeech)
            {
                return VadTransition.None;
            }

            InSpeech = true;
            _silence = 0;
            return new VadTransition(VadTransitionKind.SpeechStarted, VadClock.ToTime(_runStart));
        }

        if (_runStart >= 0)
        {
            _runGap += length;
            if (_runGap > GapToleranceSamples)
            {
                ClearRun();
            }
        }

        return VadTransition.None;
    }

    public void Reset()
    {
        InSpeech = false;
        _silence = 0;
        _lastVoicedEnd = 0;
        ClearRun();
    }

    private void ClearRun()
    {
        _runStart = -1;
        _runVoiced = 0;
        _runGap = 0;
    }
}
