using System.Collections.Concurrent;
using Telephony.Speech.Recognition.Grammars;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Grammar, keyword and free-speech recognition with pocketsphinx in-process (Debian
/// libpocketsphinx3 and pocketsphinx-en-us): the default engine for IVR menus. Thread-safe;
/// each recognition decodes on a decoder of its own from a pool per grammar (<see cref="DecoderPool"/>),
/// rented for the decode only; <see cref="Prepare"/> builds a grammar's decoders ahead, in the background.
/// </summary>
/// <remarks>
/// Everything handed to native code is checked first: the model files exist, the grammar parses
/// (<see cref="JsgfGrammar"/>), every word is in the dictionary, the sample rate is 8 or 16 kHz.
/// Grammar and keyword decoders get a dictionary of only their own words (added from the
/// managed copy of cmudict), which makes one about 10× quicker to build than with all 134,000.
/// </remarks>
public sealed class PocketsphinxRecognizer : ISpeechRecognizer, IDisposable
{
    public const string EngineName = "pocketsphinx";

    private readonly PocketsphinxOptions _options;
    private readonly Lazy<PronunciationDictionary> _dictionary;
    private readonly DecoderPool _pool;
    private readonly UtteranceAudioPool _audio;
    private readonly ConcurrentDictionary<string, DecoderSearch> _searches = new(StringComparer.Ordinal);

    /// <exception cref="SpeechException">A model file is missing (the message names it) or the library refuses a decoder setting.</exception>
    public PocketsphinxRecognizer(PocketsphinxOptions? options = null)
    {
        _options = options ?? new PocketsphinxOptions();
        RequireModel(_options);
        if (_options.DecoderArguments.Count > 0)
        {
            PocketsphinxDecoder.CheckSettings(DecoderSettings.For(_options, "/dev/null"));
        }

        _dictionary = new Lazy<PronunciationDictionary>(() => PronunciationDictionary.Load(_options.Dictionary));
        _pool = new DecoderPool(_options.IdleDecodersPerSearch, _options.SearchesKept, _options.Log);
        _audio = new UtteranceAudioPool((int)Math.Min(int.MaxValue, _options.MaxUtterance.TotalSeconds * 16000));
    }

    public string Engine => EngineName;

    /// <summary>The model's dictionary (loaded on first use): what grammars may say.</summary>
    public PronunciationDictionary Dictionary => _dictionary.Value;

    /// <summary>Decoders built so far (pooled decoders are reused, not rebuilt).</summary>
    public int DecodersCreated => _pool.Created;

    /// <summary>The decoder pool now: idle and being built, and how many decodes had to wait on a build (for metrics).</summary>
    public DecoderPoolStats Decoders => _pool.Stats();

    public bool Supports(RecognitionConstraint constraint, string language) =>
        constraint is GrammarConstraint or KeywordConstraint or FreeSpeechConstraint
        && (string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) || language.StartsWith("en-", StringComparison.OrdinalIgnoreCase));

    public ISpeechRecognition Start(RecognitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SampleRate is not (8000 or 16000))
        {
            throw new SpeechException($"pocketsphinx takes audio at 8000 or 16000 Hz, not {request.SampleRate}");
        }

        if (!Supports(request.Constraint, request.Language))
        {
            throw new SpeechException($"pocketsphinx has an English (en-US) model only, not '{request.Language}'; use the whisper engine for other languages");
        }

        var search = SearchFor(request.Constraint);
        return new PocketsphinxRecognition(new DecoderLease(_pool, _audio, search.Key, () => Build(search)), search, request.SampleRate, _options.PartialResults);
    }

    /// <summary>
    /// Builds decoders for <paramref name="constraint"/> in the background (up to
    /// <see cref="PocketsphinxOptions.IdleDecodersPerSearch"/>), so the decode at the end of a turn
    /// finds one waiting. Returns at once; a constraint the engine refuses is refused again, with
    /// its reason, by <see cref="Start"/>.
    /// </summary>
    public void Prepare(RecognitionConstraint constraint, string language)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        if (!Supports(constraint, language))
        {
            return;
        }

        // Off the caller's thread too: the first use of a grammar parses it and may load the dictionary.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (recognizer, wanted) = state;
                try
                {
                    var search = recognizer.SearchFor(wanted);
                    recognizer._pool.Prepare(search.Key, () => recognizer.Build(search));
                }
                catch (SpeechException)
                {
                    // Start reports it, on the turn that needs it.
                }
                catch (ObjectDisposedException)
                {
                }
            },
            (this, constraint),
            preferLocal: false);
    }

    public void Dispose() => _pool.Dispose();

    private DecoderSearch SearchFor(RecognitionConstraint constraint)
    {
        var key = constraint switch
        {
            GrammarConstraint g => "jsgf:" + g.Jsgf,
            KeywordConstraint k => "kws:" + string.Join('\n', k.Phrases),
            _ => "lm",
        };
        if (_searches.TryGetValue(key, out var known))
        {
            return known;
        }

        DecoderSearch search = constraint switch
        {
            GrammarConstraint g => Grammar(g.Jsgf),
            KeywordConstraint k => new KeywordSearch(KeywordList.Build(k.Phrases, Dictionary)),
            _ => new LanguageModelSearch(_options.LanguageModel),
        };

        // Checked searches are remembered so a menu's grammar is parsed once; bounded like the pool.
        if (_searches.Count >= 4 * _options.SearchesKept)
        {
            _searches.Clear();
        }

        return _searches.GetOrAdd(key, search);
    }

    private GrammarSearch Grammar(string jsgf)
    {
        var grammar = JsgfGrammar.Parse(jsgf);
        Dictionary.RequireAll(grammar.Words, $"grammar '{grammar.Name}'");
        return new GrammarSearch(grammar);
    }

    private PocketsphinxDecoder Build(DecoderSearch search)
    {
        var decoder = PocketsphinxDecoder.Create(DecoderSettings.For(_options, search.NeedsFullDictionary ? _options.Dictionary : "/dev/null"));
        try
        {
            var words = search.Words;
            for (var i = 0; i < words.Count; i++)
            {
                var pronunciations = Dictionary.Pronunciations(words[i]);
                for (var p = 0; p < pronunciations.Count; p++)
                {
                    // Alternates as word(2), word(3), as cmudict writes them; the searches use them (-fsgusealtpron).
                    var name = p == 0 ? words[i] : $"{words[i]}({p + 1})";
                    decoder.AddWord(name, pronunciations[p], last: i == words.Count - 1 && p == pronunciations.Count - 1);
                }
            }

            search.SetUp(decoder);
            return decoder;
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    private static void RequireModel(PocketsphinxOptions options)
    {
        foreach (var path in new[] { Path.Combine(options.AcousticModel, "mdef"), Path.Combine(options.AcousticModel, "means"), options.Dictionary, options.LanguageModel })
        {
            if (!File.Exists(path))
            {
                throw new SpeechException($"{path}: pocketsphinx model file missing (install the Debian package pocketsphinx-en-us, or set the model folder)");
            }
        }
    }
}
