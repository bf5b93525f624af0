namespace Telephony.Speech.Vad;

/// <summary>
/// Makes the detectors of a process: Silero when its model file is there and is the pinned one,
/// else the energy detector, with the reason logged once at start (a server without the model
/// still serves, only with a cruder VAD). Holds the one shared Silero model; thread-safe.
/// </summary>
public sealed class VoiceActivityDetectors : IDisposable
{
    public const string Silero = "silero";
    public const string Energy = "energy";

    private readonly SileroVadModel? _silero;

    private VoiceActivityDetectors(SileroVadModel? silero, string? fallbackReason)
    {
        _silero = silero;
        FallbackReason = fallbackReason;
    }

    /// <summary><see cref="Silero"/> or <see cref="Energy"/>: what <see cref="Create"/> gives by default.</summary>
    public string Engine => _silero is null ? Energy : Silero;

    /// <summary>Why Silero is not used (the model's problem), or null when it is.</summary>
    public string? FallbackReason { get; }

    /// <summary>The Silero model's file, or null when it is not loaded.</summary>
    public string? ModelPath => _silero?.Path;

    /// <summary>
    /// Loads Silero from <paramref name="modelPath"/> (default: <see cref="VadModelFile.DefaultPath()"/>)
    /// or falls back to the energy detector, logging one line either way through <paramref name="log"/>.
    /// </summary>
    public static VoiceActivityDetectors Open(string? modelPath = null, Action<string>? log = null)
    {
        var path = modelPath ?? VadModelFile.DefaultPath();
        try
        {
            var model = SileroVadModel.Load(path);
            log?.Invoke($"speech: VAD is Silero v5 ({path})");
            return new VoiceActivityDetectors(model, null);
        }
        catch (SpeechException e)
        {
            log?.Invoke($"speech: warning: VAD falls back to the energy detector: {e.Message}");
            return new VoiceActivityDetectors(null, e.Message);
        }
    }

    /// <summary>
    /// A detector for one stream. <paramref name="engine"/> picks one (<see cref="Silero"/> or
    /// <see cref="Energy"/>, e.g. from a dialplan step); null takes <see cref="Engine"/>. Asking for
    /// Silero without its model is a <see cref="SpeechException"/> with the model's problem.
    /// </summary>
    public IVoiceActivityDetector Create(VadOptions? options = null, string? engine = null)
    {
        options ??= new VadOptions();
        switch (engine ?? Engine)
        {
            case Silero:
                if (_silero is null)
                {
                    throw new SpeechException($"the Silero VAD was asked for but is not loaded: {FallbackReason}");
                }

                return _silero.CreateDetector(options);
            case Energy:
                return new EnergyVad(options);
            default:
                throw new SpeechException($"unknown VAD engine '{engine}': use '{Silero}' or '{Energy}'");
        }
    }

    public void Dispose() => _silero?.Dispose();
}
