using System.Diagnostics;
using Whisper.net;

namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// Free-speech recognition with Whisper (Whisper.net over whisper.cpp) from an operator-supplied
/// ggml model: open questions, voicemail, transcripts. Grammars and keyword lists are
/// pocketsphinx's job: <see cref="Supports"/> says no to them.
/// </summary>
/// <remarks>
/// <para>
/// The model is checked (<see cref="WhisperModelFile.Check"/>) and then loaded once, into one
/// <see cref="WhisperFactory"/> that every recognition shares: the native context holds the
/// weights and is only read during inference. Each inference pass builds its own
/// <see cref="WhisperProcessor"/> (a few parameters) and Whisper.net gives each its own native
/// state (KV caches, buffers), so passes of different recognitions run in parallel safely.
/// </para>
/// <para>
/// Thread safety: this class is thread-safe (Start, Supports and the counters from any thread).
/// A recognition is fed by one task at a time; its <see cref="ISpeechRecognition.Partial"/> may
/// be read from any thread. Passes never run on the caller's thread: Feed only copies samples.
/// At most <see cref="WhisperRecognizerOptions.MaxConcurrentPasses"/> passes run at once.
/// </para>
/// </remarks>
public sealed class WhisperRecognizer : ISpeechRecognizer, IDisposable
{
    /// <summary>The rate Whisper's front end takes.</summary>
    public const int ModelRate = 16000;

    private static readonly Lazy<HashSet<string>> KnownLanguages = new(() => new HashSet<string>(WhisperFactory.GetSupportedLanguages(), StringComparer.Ordinal));

    private readonly WhisperFactory _factory;
    private readonly SemaphoreSlim _passes;
    private long _skippedPartials;
    private long _passCount;
    private int _waitingFinals;
    private bool _disposed;

    /// <summary>Checks and loads the model at <paramref name="modelPath"/>.</summary>
    /// <exception cref="SpeechException">The file is missing, unreadable or not a valid Whisper model, or the native runtime cannot load; the message names the path.</exception>
    public WhisperRecognizer(string modelPath, WhisperRecognizerOptions? options = null)
    {
        Options = options ?? new WhisperRecognizerOptions();
        if (Options.Threads < 1 || Options.MaxConcurrentPasses < 1 || Options.PartialInterval < TimeSpan.Zero || Options.MaxTokensPerSegment < 0)
        {
            throw new ArgumentException("Threads and MaxConcurrentPasses must be at least 1, PartialInterval and MaxTokensPerSegment not negative", nameof(options));
        }

        Model = WhisperModelFile.Check(modelPath);
        try
        {
            _factory = WhisperFactory.FromPath(modelPath);

            // Loading is lazy in some configurations; a model that cannot load fails here, at startup.
            _ = _factory.CreateBuilder();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SpeechException($"Whisper model {modelPath}: passed the format check but the Whisper runtime did not load it: {e.Message}", e);
        }

        _passes = new SemaphoreSlim(Options.MaxConcurrentPasses, Options.MaxConcurrentPasses);
    }

    public string Engine => WhisperTranscript.Engine;

    public WhisperModelFile Model { get; }

    public WhisperRecognizerOptions Options { get; }

    /// <summary>Partial passes not run because every pass slot was busy (back-pressure, for metrics).</summary>
    public long SkippedPartials => Interlocked.Read(ref _skippedPartials);

    /// <summary>Inference passes run (partial and final).</summary>
    public long Passes => Interlocked.Read(ref _passCount);

    /// <summary>Final passes waiting for a slot right now (back-pressure, for metrics).</summary>
    public int WaitingFinals => Volatile.Read(ref _waitingFinals);

    public bool Supports(RecognitionConstraint constraint, string language) =>
        constraint is FreeSpeechConstraint && LanguageProblem(language) is null;

    public ISpeechRecognition Start(RecognitionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (request.Constraint is not FreeSpeechConstraint)
        {
            throw new SpeechException($"Whisper recognises free speech only, not a {request.Constraint.GetType().Name}; use pocketsphinx for grammars and keyword lists");
        }

        if (request.SampleRate is not (8000 or 16000))
        {
            throw new SpeechException($"Whisper takes 8000 or 16000 Hz audio, not {request.SampleRate}");
        }

        if (LanguageProblem(request.Language) is { } problem)
        {
            throw new SpeechException(problem);
        }

        return new WhisperRecognition(this, WhisperLanguage.ToCode(request.Language), request.SampleRate);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Freeing the native model under a running pass would crash the process: wait for every
        // slot (passes end within their decode, or at once when their recognition is cancelled).
        // A pass still running after that keeps the model: leaked at shutdown rather than a crash.
        var held = 0;
        while (held < Options.MaxConcurrentPasses && _passes.Wait(TimeSpan.FromSeconds(30)))
        {
            held++;
        }

        if (held == Options.MaxConcurrentPasses)
        {
            _factory.Dispose();
        }
    }

    private string? LanguageProblem(string language)
    {
        var code = WhisperLanguage.ToCode(language);
        if (!KnownLanguages.Value.Contains(code))
        {
            return $"Whisper knows no language '{language}' (as '{code}')";
        }

        return code != "en" && !Model.IsMultilingual
            ? $"the Whisper model {Model.Path} is English-only; '{language}' needs a multilingual model (ggml-base.bin rather than ggml-base.en.bin)"
            : null;
    }

    /// <summary>A partial pass may run only when a slot is free at once.</summary>
    internal bool TryEnterPartial()
    {
        if (_passes.Wait(0))
        {
            return true;
        }

        Interlocked.Increment(ref _skippedPartials);
        return false;
    }

    internal async Task EnterFinalAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waitingFinals);
        try
        {
            await _passes.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waitingFinals);
        }
    }

    internal void ExitPass() => _passes.Release();

    /// <summary>One inference pass over <paramref name="samples"/> (16 kHz, -1..1); the caller holds a slot.</summary>
    internal async Task<(List<SegmentData> Segments, TimeSpan Elapsed)> TranscribeAsync(float[] samples, string language, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var builder = _factory.CreateBuilder()
            .WithLanguage(language)
            .WithThreads(Options.Threads)
            .WithTokenTimestamps()
            .WithNoContext()
            .WithoutStringPool();
        if (!Options.TemperatureFallback)
        {
            builder = builder.WithTemperatureInc(0);
        }

        if (Options.MaxTokensPerSegment > 0)
        {
            builder = builder.WithMaxTokensPerSegment(Options.MaxTokensPerSegment);
        }

        var segments = new List<SegmentData>();
        var processor = builder.Build();
        await using (processor.ConfigureAwait(false))
        {
            try
            {
                await foreach (var segment in processor.ProcessAsync(samples, cancellationToken).ConfigureAwait(false))
                {
                    segments.Add(segment);
                }
            }
            catch (WhisperProcessingException e)
            {
                throw new SpeechException($"Whisper inference failed ({Model.Path}): {e.Message}", e);
            }
        }

        Interlocked.Increment(ref _passCount);
        return (segments, clock.Elapsed);
    }
}
