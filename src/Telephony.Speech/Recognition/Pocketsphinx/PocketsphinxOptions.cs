namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>Where the pocketsphinx model lies and how its decoders are tuned and pooled.</summary>
public sealed record PocketsphinxOptions
{
    /// <summary>Debian's pocketsphinx-en-us (acoustic model en-us/, cmudict-en-us.dict, en-us.lm.bin).</summary>
    public const string DebianModelFolder = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The folder holding the acoustic model folder <c>en-us</c>, the dictionary and the language model.</summary>
    public string ModelFolder { get; init; } = DebianModelFolder;

    public string AcousticModel => Path.Combine(ModelFolder, "en-us");

    public string Dictionary => Path.Combine(ModelFolder, "cmudict-en-us.dict");

    public string LanguageModel => Path.Combine(ModelFolder, "en-us.lm.bin");

    /// <summary>
    /// Decoder settings that replace the tuned ones (<see cref="DecoderSettings"/>), by name
    /// without the dash: <c>["beam"] = "1e-60"</c>. For experiments and operators' tuning.
    /// </summary>
    public IReadOnlyDictionary<string, string> DecoderArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether recognitions give partial results while audio is fed. The final result is always
    /// decoded from the whole utterance (batch cepstral mean normalisation, see docs/speech.md);
    /// partials need a second, live pass over the audio, about doubling the CPU cost.
    /// </summary>
    public bool PartialResults { get; init; }

    /// <summary>The longest utterance accepted (its 16 kHz audio is kept until it is decoded).</summary>
    public TimeSpan MaxUtterance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Decoders kept per grammar, built ahead (<see cref="PocketsphinxRecognizer.Prepare"/>) and
    /// reused. A recognition holds one only while it decodes its utterance, so this many serve as
    /// many decodes at once (the speech workers: one per core); a decode that finds none builds its
    /// own (a miss, counted in <see cref="PocketsphinxRecognizer.Decoders"/>).
    /// </summary>
    public int IdleDecodersPerSearch { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Distinct grammars/keyword lists whose idle decoders are kept; the least recently used are freed past this.</summary>
    public int SearchesKept { get; init; } = 32;

    /// <summary>Where a decoder that failed to build in the background is reported (the server's log); null: nowhere.</summary>
    public Action<string>? Log { get; init; }
}
