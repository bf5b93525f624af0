using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// One native ps_decoder_t with one search (a grammar, a keyword list or the language model),
/// used by one recognition at a time. Not thread-safe: the library keeps the utterance's state
/// in the decoder.
/// </summary>
internal sealed class PocketsphinxDecoder : IDisposable
{
    private const string SearchName = "telephony";
    private static readonly byte[] SearchNameUtf8 = PocketsphinxNative.Utf8(SearchName);

    /// <summary>
    /// Decoders are built one at a time: set-up touches the library's process-wide state (its
    /// log file, -logfn) and is not documented as thread-safe, and it is rare (decoders are
    /// pooled and built ahead, off the listen path: <see cref="DecoderPool"/>), so serialising it costs
    /// a turn nothing. Decoding on separate decoders at once is safe
    /// (the concurrency test).
    /// </summary>
    private static readonly Lock CreateLock = new();

    private readonly IntPtr _config;
    private readonly IntPtr _logMath;
    private IntPtr _decoder;

    private PocketsphinxDecoder(IntPtr config, IntPtr decoder)
    {
        _config = config;
        _decoder = decoder;
        _logMath = PocketsphinxNative.GetLogMath(decoder);
    }

    /// <summary>Frames per second of the front end (-frate 100): segment frames to time.</summary>
    public const int FramesPerSecond = 100;

    public bool InUtterance { get; private set; }

    /// <summary>Creates a decoder from command-line style arguments ("-hmm", DIR, ...).</summary>
    /// <exception cref="SpeechException">The library refused the arguments or the model.</exception>
    public static PocketsphinxDecoder Create(IReadOnlyList<string> arguments)
    {
        lock (CreateLock)
        {
            return CreateAlone(arguments);
        }
    }

    /// <summary>
    /// Parses <paramref name="arguments"/> as the library would and frees the result, without
    /// loading a model: settings are checked when the recognizer is made, not on a caller's turn.
    /// </summary>
    /// <exception cref="SpeechException">The library refused the arguments.</exception>
    public static void CheckSettings(IReadOnlyList<string> arguments)
    {
        lock (CreateLock)
        {
            NativeLog.Silence();
            var argv = new IntPtr[arguments.Count + 1];
            try
            {
                argv[0] = Marshal.StringToCoTaskMemUTF8("telephony");
                for (var i = 0; i < arguments.Count; i++)
                {
                    argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
                }

                var config = PocketsphinxNative.ParseConfig(IntPtr.Zero, PocketsphinxNative.Args(), argv.Length, argv, 1);
                if (config == IntPtr.Zero)
                {
                    throw new SpeechException("pocketsphinx rejected its settings: " + string.Join(' ', arguments));
                }

                _ = PocketsphinxNative.FreeConfig(config);
            }
            finally
            {
                foreach (var arg in argv)
                {
                    Marshal.FreeCoTaskMem(arg);
                }
            }
        }
    }

    private static PocketsphinxDecoder CreateAlone(IReadOnlyList<string> arguments)
    {
        NativeLog.Silence();
        var argv = new IntPtr[arguments.Count + 1];
        try
        {
            // cmd_ln_parse_r skips argv[0], the program name.
            argv[0] = Marshal.StringToCoTaskMemUTF8("telephony");
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }

            var config = PocketsphinxNative.ParseConfig(IntPtr.Zero, PocketsphinxNative.Args(), argv.Length, argv, 1);
            if (config == IntPtr.Zero)
            {
                throw new SpeechException("pocketsphinx rejected its settings: " + string.Join(' ', arguments));
            }

            var decoder = PocketsphinxNative.Init(config);
            if (decoder == IntPtr.Zero)
            {
                _ = PocketsphinxNative.FreeConfig(config);
                throw new SpeechException("pocketsphinx could not load its model (" + string.Join(' ', arguments) + "); is pocketsphinx-en-us installed?");
            }

            return new PocketsphinxDecoder(config, decoder);
        }
        finally
        {
            foreach (var arg in argv)
            {
                Marshal.FreeCoTaskMem(arg);
            }
        }
    }

    /// <summary>Adds a word with its phones (ARPAbet, space separated) to this decoder's dictionary.</summary>
    public void AddWord(string word, string phones, bool last)
    {
        if (PocketsphinxNative.AddWord(Handle, PocketsphinxNative.Utf8(word), PocketsphinxNative.Utf8(phones), last ? 1 : 0) < 0)
        {
            throw new SpeechException($"pocketsphinx refused the word '{word}' ({phones})");
        }
    }

    public void UseGrammar(string jsgf) => Use(PocketsphinxNative.SetJsgfString(Handle, SearchNameUtf8, PocketsphinxNative.Utf8(jsgf)), "grammar");

    public void UseKeywordFile(string path) => Use(PocketsphinxNative.SetKeywordFile(Handle, SearchNameUtf8, PocketsphinxNative.Utf8(path)), "keyword list");

    public void UseLanguageModel(string path) => Use(PocketsphinxNative.SetLanguageModelFile(Handle, SearchNameUtf8, PocketsphinxNative.Utf8(path)), "language model " + path);

    public void StartUtterance()
    {
        // The grammar search numbers segment frames from the decoder's first utterance on, not
        // from this one's start (seen with 5prealpha's fsg search), so the frames of the earlier
        // utterances are counted (ps_get_n_frames still holds the last one's until this start).
        _ = PocketsphinxNative.StartStream(Handle);
        if (PocketsphinxNative.StartUtterance(Handle) < 0)
        {
            throw new SpeechException("pocketsphinx could not start an utterance");
        }

        InUtterance = true;
    }

    /// <summary>Feeds 16 kHz samples of a live pass (the array from offset 0, <paramref name="count"/> of them).</summary>
    /// <remarks>
    /// In this block mode the library does not do the model's batch CMN (feat.params -cmn batch):
    /// it silently switches to a running mean that starts from the model's wideband -cmninit and
    /// carries over from utterance to utterance, so results depend on the decoder's history (a
    /// fresh decoder got 3 of 5 cards sentences, a used one 5 of 5). Only partials come from it.
    /// </remarks>
    public void Process(short[] samples, int count)
    {
        Debug.Assert(InUtterance, "Process outside an utterance");
        if (count > 0 && PocketsphinxNative.ProcessRaw(Handle, samples, (nuint)count, 0, 0) < 0)
        {
            throw new SpeechException("pocketsphinx failed to process audio");
        }
    }

    /// <summary>Decodes a whole utterance at once: batch CMN over all of it, as the model was trained, and nothing carried from earlier utterances.</summary>
    public void ProcessWhole(short[] samples, int count)
    {
        if (count > 0 && PocketsphinxNative.ProcessRaw(Handle, samples, (nuint)count, 0, 1) < 0)
        {
            throw new SpeechException("pocketsphinx failed to process audio");
        }
    }

    public void EndUtterance()
    {
        InUtterance = false;
        if (PocketsphinxNative.EndUtterance(Handle) < 0)
        {
            throw new SpeechException("pocketsphinx could not end the utterance");
        }
    }


    /// <summary>The best hypothesis so far (or of the ended utterance), or null; and its path score.</summary>
    public string? Hypothesis(out int score)
    {
        var text = PocketsphinxNative.GetHypothesis(Handle, out score);
        return text == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(text);
    }

    /// <summary>The posterior probability of the hypothesis, 0..1 (meaningful after the utterance ended).</summary>
    public double Posterior() => Math.Clamp(PocketsphinxNative.LogMathExp(_logMath, PocketsphinxNative.GetProbability(Handle)), 0, 1);

    /// <summary>The words of the best path with frames and posterior (0..1), fillers and silences included.</summary>
    public List<(string Word, int StartFrame, int EndFrame, double Posterior)> Segments()
    {
        var list = new List<(string, int, int, double)>();
        for (var seg = PocketsphinxNative.SegmentIterator(Handle); seg != IntPtr.Zero; seg = PocketsphinxNative.SegmentNext(seg))
        {
            var word = Marshal.PtrToStringUTF8(PocketsphinxNative.SegmentWord(seg)) ?? string.Empty;
            PocketsphinxNative.SegmentFrames(seg, out var start, out var end);
            var prob = PocketsphinxNative.SegmentProbability(seg, out _, out _, out _);
            list.Add((word, start, end, Math.Clamp(PocketsphinxNative.LogMathExp(_logMath, prob), 0, 1)));
        }

        return list;
    }

    public void Dispose()
    {
        if (_decoder != IntPtr.Zero)
        {
            _ = PocketsphinxNative.Free(_decoder);
            _ = PocketsphinxNative.FreeConfig(_config);
            _decoder = IntPtr.Zero;
        }
    }

    private IntPtr Handle => _decoder != IntPtr.Zero ? _decoder : throw new ObjectDisposedException(nameof(PocketsphinxDecoder));

    private void Use(int result, string what)
    {
        // Each decoder holds one search, so switching to it happens once, right after it is set.
        if (result < 0 || PocketsphinxNative.SetSearch(Handle, SearchNameUtf8) < 0)
        {
            throw new SpeechException($"pocketsphinx rejected the {what}");
        }
    }
}
