using Telephony.Media.Audio;

namespace Telephony.Speech.Recognition.Whisper;

/// <summary>
/// One utterance for <see cref="WhisperRecognizer"/>. Whisper is not incremental: every pass
/// decodes all the audio fed so far. Feed appends samples (at the request's rate) to a buffer;
/// each <see cref="WhisperRecognizerOptions.PartialInterval"/> of new audio starts a partial pass
/// on the thread pool if none is running and a slot is free; <see cref="FinishAsync"/> cancels a
/// running partial and runs the final pass. No thread or timer per recognition.
/// </summary>
internal sealed class WhisperRecognition : ISpeechRecognition
{
    /// <summary>whisper.cpp returns nothing for under 100 ms; so does this, without a pass.</summary>
    private static readonly TimeSpan ShortestAudio = TimeSpan.FromMilliseconds(100);

    private readonly WhisperRecognizer _owner;
    private readonly string _language;
    private readonly int _rate;
    private readonly int _partialEvery;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _partialStop = new();
    private short[] _audio;
    private int _count;
    private int _partialAt;
    private Task _partialTask = Task.CompletedTask;
    private long _processingTicks;
    private volatile RecognitionResult? _partial;
    private bool _finished;
    private bool _disposed;

    public WhisperRecognition(WhisperRecognizer owner, string language, int rate)
    {
        _owner = owner;
        _language = language;
        _rate = rate;
        _partialEvery = (int)(owner.Options.PartialInterval.TotalSeconds * rate);

        // 10 s up front; grows by doubling, so feeding 20 ms frames allocates only on growth.
        _audio = new short[10 * rate];
    }

    public RecognitionResult? Partial => _partial;

    public void Feed(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_finished)
            {
                throw new InvalidOperationException("FinishAsync was called: this utterance takes no more audio");
            }

            if (_count + samples.Length > _audio.Length)
            {
                Array.Resize(ref _audio, Math.Max(_audio.Length * 2, _count + samples.Length));
            }

            samples.CopyTo(_audio.AsSpan(_count));
            _count += samples.Length;
            if (_partialEvery > 0 && _count - _partialAt >= _partialEvery && _partialTask.IsCompleted)
            {
                _partialAt = _count;
                var token = _partialStop.Token;
                _partialTask = Task.Run(() => PartialPassAsync(token), CancellationToken.None);
            }
        }
    }

    public async Task<RecognitionResult> FinishAsync(CancellationToken cancellationToken = default)
    {
        Task partial;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_finished)
            {
                throw new InvalidOperationException("FinishAsync was already called for this utterance");
            }

            _finished = true;
            partial = _partialTask;
        }

        // The final pass covers everything a partial would: stop it rather than wait it out.
        await _partialStop.CancelAsync().ConfigureAwait(false);
        await partial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var (samples, audio) = Snapshot();
        if (audio < ShortestAudio)
        {
            return WhisperTranscript.Build([], audio, Processing, isFinal: true);
        }

        await _owner.EnterFinalAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (segments, elapsed) = await _owner.TranscribeAsync(samples, _language, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _processingTicks, elapsed.Ticks);
            return WhisperTranscript.Build(segments, audio, Processing, isFinal: true);
        }
        finally
        {
            _owner.ExitPass();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _finished = true;
        }

        // A running partial sees the cancellation and ends on its own; the source stays undisposed
        // until then would need a wait here, and Dispose must not block, so it is left to the GC.
        _partialStop.Cancel();
    }

    private TimeSpan Processing => TimeSpan.FromTicks(Interlocked.Read(ref _processingTicks));

    private async Task PartialPassAsync(CancellationToken cancellationToken)
    {
        if (!_owner.TryEnterPartial())
        {
            return;
        }

        try
        {
            var (samples, audio) = Snapshot();
            if (audio < ShortestAudio || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            var (segments, elapsed) = await _owner.TranscribeAsync(samples, _language, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _processingTicks, elapsed.Ticks);
            _partial = WhisperTranscript.Build(segments, audio, Processing, isFinal: false);
        }
        catch (OperationCanceledException)
        {
            // Finished or disposed: the final pass (if any) gives the answer.
        }
        catch (Exception e) when (e is SpeechException or ObjectDisposedException)
        {
            // A failed partial leaves the previous one; the final pass reports its own failure
            // (a recognizer disposed under a running recognition included).
        }
        finally
        {
            _owner.ExitPass();
        }
    }

    /// <summary>Everything fed so far at 16 kHz as Whisper takes it (-1..1), and its length.</summary>
    private (float[] Samples, TimeSpan Audio) Snapshot()
    {
        short[] fed;
        lock (_gate)
        {
            fed = _audio.AsSpan(0, _count).ToArray();
        }

        var audio = TimeSpan.FromSeconds((double)fed.Length / _rate);
        var wide = _rate == WhisperRecognizer.ModelRate ? fed : Resampler.ToRate(fed, _rate, WhisperRecognizer.ModelRate);
        var samples = new float[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            samples[i] = wide[i] / 32768f;
        }

        return (samples, audio);
    }
}
