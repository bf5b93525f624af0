using Microsoft.ML.OnnxRuntime;

namespace Telephony.Speech.Vad;

/// <summary>
/// Silero VAD v5 on one 8 kHz stream, fed the telephone audio as it is (sr = 8000, no
/// upsampling). 20 ms frames are gathered into the model's 256-sample (32 ms) windows; each window
/// goes in after the previous one's last 32 samples (the context the model expects) with the
/// recurrent state it returned last time. Speech starts at a probability of
/// <see cref="VadOptions.Threshold"/> and stays down to 0.15 below it, as Silero's own iterator does.
/// </summary>
/// <remarks>
/// Nothing is allocated per frame: the tensors are <see cref="OrtValue"/>s over arrays on the pinned
/// heap, bound once to an <see cref="OrtIoBinding"/>, so a run marshals no names and creates no
/// outputs (a plain Run costs about 400 bytes a call).
/// </remarks>
public sealed class SileroVad : IVoiceActivityDetector, IVadWindowJudge
{
    /// <summary>New samples per window at 8 kHz.</summary>
    public const int WindowSamples = 256;

    /// <summary>Samples of the previous window put before each one.</summary>
    public const int ContextSamples = 32;

    /// <summary>How far below the threshold a window of ongoing speech may fall and still count (Silero's own iterator uses 0.15).</summary>
    private const float StayMargin = 0.15f;

    private readonly InferenceSession _session;
    private readonly VadWindowing _windowing;
    private readonly float _startThreshold;
    private readonly float _stayThreshold;

    private readonly float[] _input = GC.AllocateArray<float>(ContextSamples + WindowSamples, pinned: true);
    private readonly float[] _state = GC.AllocateArray<float>(2 * SileroVadModel.StateSize, pinned: true);
    private readonly float[] _stateOut = GC.AllocateArray<float>(2 * SileroVadModel.StateSize, pinned: true);
    private readonly float[] _probability = GC.AllocateArray<float>(1, pinned: true);
    private readonly long[] _rate = GC.AllocateArray<long>(1, pinned: true);

    private readonly OrtValue[] _values;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _run = new();
    private bool _disposed;

    internal SileroVad(InferenceSession session, VadOptions options)
    {
        options.Validate();
        _session = session;
        _windowing = new VadWindowing(WindowSamples, options);
        _startThreshold = options.Threshold;
        _stayThreshold = Math.Max(0.01f, options.Threshold - StayMargin);
        _rate[0] = VadClock.SampleRate;

        var input = OrtValue.CreateTensorValueFromMemory(_input, [1, _input.Length]);
        var state = OrtValue.CreateTensorValueFromMemory(_state, [2, 1, SileroVadModel.StateSize]);
        var rate = OrtValue.CreateTensorValueFromMemory(_rate, []);
        var probability = OrtValue.CreateTensorValueFromMemory(_probability, [1, 1]);
        var stateOut = OrtValue.CreateTensorValueFromMemory(_stateOut, [2, 1, SileroVadModel.StateSize]);
        _values = [input, state, rate, probability, stateOut];
        _binding = session.CreateIoBinding();
        _binding.BindInput(SileroVadModel.InputName, input);
        _binding.BindInput(SileroVadModel.StateName, state);
        _binding.BindInput(SileroVadModel.RateName, rate);
        _binding.BindOutput(SileroVadModel.OutputName, probability);
        _binding.BindOutput(SileroVadModel.StateOutName, stateOut);
    }

    public string Engine => "silero";

    public bool InSpeech => _windowing.InSpeech;

    public TimeSpan Position => _windowing.Position;

    /// <summary>The speech probability of the last whole window (0 before the first).</summary>
    public float LastProbability { get; private set; }

    public VadTransition Feed(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _windowing.Feed(samples, this);
    }

    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _windowing.Reset();
        Array.Clear(_input);
        Array.Clear(_state);
        LastProbability = 0;
    }

    bool IVadWindowJudge.IsVoiced(ReadOnlySpan<short> window, bool voicing)
    {
        var fresh = _input.AsSpan(ContextSamples);
        for (var i = 0; i < window.Length; i++)
        {
            fresh[i] = window[i] * (1f / 32768f);
        }

        _session.RunWithBinding(_run, _binding);
        _stateOut.AsSpan().CopyTo(_state);
        // The next window's context: the last samples of this one.
        _input.AsSpan(_input.Length - ContextSamples).CopyTo(_input);
        var probability = _probability[0];
        LastProbability = probability;
        return probability >= (voicing ? _stayThreshold : _startThreshold);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binding.Dispose();
        foreach (var value in _values)
        {
            value.Dispose();
        }

        _run.Dispose();
    }
}
