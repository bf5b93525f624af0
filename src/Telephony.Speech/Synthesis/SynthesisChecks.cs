namespace Telephony.Speech.Synthesis;

/// <summary>What every engine checks in a request before any of it reaches native code or a process.</summary>
internal static class SynthesisChecks
{
    /// <summary>Longer text is a mistake (a whole document), and would hold an engine for minutes.</summary>
    public const int MaxTextLength = 10_000;

    public static void Validate(SynthesisRequest request, string engine)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Text is null)
        {
            throw new SpeechException($"{engine}: the text is missing");
        }

        if (request.Text.Length > MaxTextLength)
        {
            throw new SpeechException($"{engine}: the text is {request.Text.Length} characters long; at most {MaxTextLength} are spoken at once (split it into prompts)");
        }

        if (request.SampleRate is < 8000 or > 48000)
        {
            throw new SpeechException($"{engine}: sample rate {request.SampleRate} Hz is not supported (use 8000 or 16000)");
        }

        if (!double.IsFinite(request.SpeakingRate) || request.SpeakingRate < 0.5 || request.SpeakingRate > 2.0)
        {
            throw new SpeechException($"{engine}: speaking rate {request.SpeakingRate} is out of range (0.5 to 2.0; 1.0 is normal)");
        }
    }

    /// <summary>True when <paramref name="language"/> (a BCP 47 tag) is <paramref name="primary"/> or a region of it.</summary>
    public static bool IsLanguage(string? language, string primary) =>
        language is not null && (language.Equals(primary, StringComparison.OrdinalIgnoreCase)
            || (language.Length > primary.Length && language.StartsWith(primary, StringComparison.OrdinalIgnoreCase) && language[primary.Length] is '-' or '_'));
}
