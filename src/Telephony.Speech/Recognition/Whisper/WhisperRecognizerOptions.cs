namespace Telephony.Speech.Recognition.Whisper;

/// <summary>How <see cref="WhisperRecognizer"/> runs inference.</summary>
public sealed record WhisperRecognizerOptions
{
    /// <summary>CPU threads one inference pass uses (default: up to 4 of the cores).</summary>
    public int Threads { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Inference passes running at once over all recognitions (default: cores / <see cref="Threads"/>,
    /// at least 1). Final passes wait their turn; partial passes are skipped while every slot is
    /// busy (counted in <see cref="WhisperRecognizer.SkippedPartials"/>), so partials never delay a final.
    /// </summary>
    public int MaxConcurrentPasses { get; init; } = Math.Max(1, Environment.ProcessorCount / Math.Clamp(Environment.ProcessorCount, 1, 4));

    /// <summary>
    /// Audio fed between two partial passes (default 1 s); <see cref="TimeSpan.Zero"/> turns partials off.
    /// Each pass decodes everything fed so far, so a partial costs as much as a final of that length.
    /// </summary>
    public TimeSpan PartialInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whisper's temperature fallback: a pass whose text looks wrong (repetitive, improbable) is
    /// decoded again at rising temperatures, up to 5 more times. On (true) by default, as in
    /// whisper.cpp; off it bounds a pass's time at one decode.
    /// </summary>
    public bool TemperatureFallback { get; init; } = true;

    /// <summary>Longest segment in tokens, 0 for Whisper's own limit (default).</summary>
    public int MaxTokensPerSegment { get; init; }
}
