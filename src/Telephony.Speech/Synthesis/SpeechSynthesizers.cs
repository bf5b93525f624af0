namespace Telephony.Speech.Synthesis;

/// <summary>
/// Chooses the engine and voice for a request: a voice name picks its engine (flite's <c>kal</c>,
/// <c>slt</c>, <c>rms</c>, <c>awb</c>; any other name is espeak-ng's, and <c>espeak-ng:en-us</c> or
/// <c>flite:slt</c> name the engine outright); without a voice, English goes to flite with
/// <see cref="EnglishVoice"/> and every other language to espeak-ng; a request naming neither gets
/// <see cref="DefaultVoice"/>. Thread-safe.
/// </summary>
public sealed class SpeechSynthesizers
{
    private readonly FliteSynthesizer? _flite;
    private readonly EspeakSynthesizer? _espeak;
    private readonly SpeechException? _fliteMissing;
    private readonly SpeechException? _espeakMissing;

    /// <param name="flite">flite, or null when it could not load (<paramref name="fliteMissing"/> says why).</param>
    /// <param name="espeak">espeak-ng, or null when it is not installed.</param>
    /// <param name="defaultVoice">The voice of requests that name neither a voice nor a language (<c>kal</c> by default).</param>
    /// <param name="englishVoice">The flite voice for English requests without a voice (<c>kal</c>: the 8 kHz telephone voice).</param>
    public SpeechSynthesizers(FliteSynthesizer? flite, EspeakSynthesizer? espeak, string defaultVoice = "kal", string englishVoice = "kal", SpeechException? fliteMissing = null, SpeechException? espeakMissing = null)
    {
        _flite = flite;
        _espeak = espeak;
        _fliteMissing = fliteMissing;
        _espeakMissing = espeakMissing;
        DefaultVoice = defaultVoice;
        EnglishVoice = englishVoice;
        if (flite is not null && !IsFliteVoice(englishVoice, out _))
        {
            throw new SpeechException($"tts: the English voice '{englishVoice}' is not a flite voice (kal, slt, rms, awb)");
        }
    }

    public string DefaultVoice { get; }

    public string EnglishVoice { get; }

    /// <summary>Both engines installed here; one that failed to load is left out and its error kept for the requests that need it.</summary>
    public static SpeechSynthesizers Create(string defaultVoice = "kal", string englishVoice = "kal")
    {
        FliteSynthesizer? flite = null;
        SpeechException? fliteMissing = null;
        try
        {
            flite = new FliteSynthesizer();
        }
        catch (SpeechException e)
        {
            fliteMissing = e;
        }

        return new SpeechSynthesizers(flite, new EspeakSynthesizer(), defaultVoice, englishVoice, fliteMissing);
    }

    /// <summary>The engines available (for listing voices).</summary>
    public IReadOnlyList<ISpeechSynthesizer> Engines => [.. new ISpeechSynthesizer?[] { _flite, _espeak }.OfType<ISpeechSynthesizer>()];

    /// <summary>The engine for <paramref name="request"/> and the request with its voice made concrete (the prompt cache keys on it).</summary>
    /// <exception cref="SpeechException">The voice or language is not available; the message says which engine or package is missing.</exception>
    public SpeechChoice Choose(SynthesisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var voice = request.Voice is { Length: > 0 } v ? v : null;
        if (voice is null && request.Language is null)
        {
            voice = DefaultVoice;
        }

        if (voice is not null)
        {
            var colon = voice.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var engine = voice[..colon];
                var name = voice[(colon + 1)..];
                return engine switch
                {
                    FliteSynthesizer.EngineName => Flite(request, name),
                    EspeakSynthesizer.EngineName => Espeak(request with { Voice = name }),
                    _ => throw new SpeechException($"tts: no engine '{engine}' (use flite or espeak-ng)"),
                };
            }

            return IsFliteVoice(voice, out var flite) ? Flite(request, flite) : Espeak(request with { Voice = voice });
        }

        return SynthesisChecks.IsLanguage(request.Language, "en") ? Flite(request, EnglishVoice) : Espeak(request);
    }

    private static bool IsFliteVoice(string voice, out string name)
    {
        name = voice.StartsWith("cmu_us_", StringComparison.Ordinal) ? voice["cmu_us_".Length..] : voice;
        return name is "kal" or "slt" or "rms" or "awb";
    }

    private SpeechChoice Flite(SynthesisRequest request, string voice)
    {
        var engine = _flite ?? throw (_fliteMissing ?? new SpeechException("tts: flite is not available (install the Debian package libflite1)"));
        return new SpeechChoice(engine, request with { Voice = voice, Language = "en-US" });
    }

    private SpeechChoice Espeak(SynthesisRequest request)
    {
        var engine = _espeak ?? throw (_espeakMissing ?? new SpeechException("tts: espeak-ng is not available (install the Debian package espeak-ng)"));
        return new SpeechChoice(engine, request with { Voice = engine.VoiceFor(request) });
    }
}

/// <summary>An engine and the request it renders, its voice named.</summary>
public sealed record SpeechChoice(ISpeechSynthesizer Engine, SynthesisRequest Request);
