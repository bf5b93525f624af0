namespace Telephony.Speech.Vad;

/// <summary>Judges one whole analysis window of an engine.</summary>
internal interface IVadWindowJudge
{
    /// <summary>Whether the window is voiced; <paramref name="voicing"/> says the stream is in speech or gathering a start (engines then use their lower, staying threshold).</summary>
    bool IsVoiced(ReadOnlySpan<short> window, bool voicing);
}

/// <summary>
/// What every detector does around its engine: gathers fed samples (any length) into the engine's
/// fixed windows (Silero 256 samples, energy 160), runs the hysteresis over the decisions, keeps
/// the <see cref="IVoiceActivityDetector.Position"/> clock, and holds transitions that one long
/// feed decided beyond the first. Nothing here allocates after construction.
/// </summary>
internal sealed class VadWindowing
{
    /// <summary>Transitions one feed may decide beyond the one it returns (a span of many seconds); more is a caller error.</summary>
    private const int PendingCapacity = 32;

    private readonly short[] _window;
    private readonly VadHysteresis _hysteresis;
    private readonly VadTransition[] _pending = new VadTransition[PendingCapacity];
    private int _pendingHead;
    private int _pendingCount;
    private int _filled;
    private long _fed;
    private long _windowStart;

    public VadWindowing(int windowSamples, VadOptions options)
    {
        _window = new short[windowSamples];
        _hysteresis = new VadHysteresis(options);
    }

    public bool InSpeech => _hysteresis.InSpeech;

    public TimeSpan Position => VadClock.ToTime(_fed);

    public VadTransition Feed<TJudge>(ReadOnlySpan<short> samples, TJudge judge)
        where TJudge : IVadWindowJudge
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _window.Length - _filled);
            samples[..take].CopyTo(_window.AsSpan(_filled));
            samples = samples[take..];
            _filled += take;
            _fed += take;
            if (_filled < _window.Length)
            {
                break;
            }

            var voiced = judge.IsVoiced(_window, _hysteresis.Voicing);
            var end = _windowStart + _window.Length;
            var transition = _hysteresis.Observe(voiced, _windowStart, end);
            _windowStart = end;
            _filled = 0;
            if (transition.Kind != VadTransitionKind.None)
            {
                Enqueue(transition);
            }
        }

        return Dequeue();
    }

    /// <summary>Forgets the turn (hysteresis, a partial window, held transitions); the clock keeps counting and the next window starts here.</summary>
    public void Reset()
    {
        _hysteresis.Reset();
        _filled = 0;
        _windowStart = _fed;
        _pendingCount = 0;
        _pendingHead = 0;
    }

    private void Enqueue(VadTransition transition)
    {
        if (_pendingCount == PendingCapacity)
        {
            throw new SpeechException($"one VAD feed decided more than {PendingCapacity} transitions: feed at most a few seconds at a time (a 20 ms frame is usual)");
        }

        _pending[(_pendingHead + _pendingCount) % PendingCapacity] = transition;
        _pendingCount++;
    }

    private VadTransition Dequeue()
    {
        if (_pendingCount == 0)
        {
            return VadTransition.None;
        }

        var transition = _pending[_pendingHead];
        _pendingHead = (_pendingHead + 1) % PendingCapacity;
        _pendingCount--;
        return transition;
    }
}
