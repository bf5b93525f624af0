namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// One utterance. Fed audio is brought to 16 kHz and kept; the final result is decoded from the
/// whole utterance when it is finished (batch CMN, the only normalisation that does not depend on
/// the decoder's earlier utterances), on a decoder rented from the pool only then and given back
/// right after: a recognition listening to a caller holds no decoder, so 100 callers speaking at
/// once need as many decoders as decodes run at once (one per speech worker), not 100. With
/// partial results on, the audio is also decoded live, so the decoder is rented at the start and
/// a partial read every <see cref="PartialInterval"/> of audio. One task at a time.
/// </summary>
internal sealed class PocketsphinxRecognition : ISpeechRecognition
{
    /// <summary>Audio between partial results: reading the best path searches the history, so not every frame.</summary>
    public static readonly TimeSpan PartialInterval = TimeSpan.FromMilliseconds(200);

    private readonly DecoderSearch _search;
    private readonly DecoderLease _lease;
    private readonly TelephoneUpsampler _upsampler;
    private readonly Action<short[], int> _take;
    private readonly bool _live;
    private readonly long _partialSamples;
    private UtteranceAudio? _audio;
    private PocketsphinxDecoder? _decoder;
    private bool _finished;
    private long _samplesFed;
    private long _samplesAtPartial;
    private long _processingTicks;
    private RecognitionResult? _final;

    public PocketsphinxRecognition(DecoderLease lease, DecoderSearch search, int sampleRate, bool partials)
    {
        _search = search;
        _lease = lease;
        _live = partials;
        _upsampler = new TelephoneUpsampler(sampleRate);
        _partialSamples = (long)(PartialInterval.TotalSeconds * sampleRate);
        _audio = lease.RentAudio();
        if (_live)
        {
            _decoder = lease.Rent();
            try
            {
                _decoder.StartUtterance();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        _take = Take;
    }

    public RecognitionResult? Partial { get; private set; }

    public void Feed(ReadOnlySpan<short> samples)
    {
        if (_finished || _audio is null)
        {
            throw new InvalidOperationException("the recognition is finished");
        }

        var started = ThreadCpuClock.Ticks();
        _upsampler.Convert(samples, _take);
        _samplesFed += samples.Length;
        if (_live && _decoder is { } decoder && _samplesFed - _samplesAtPartial >= _partialSamples)
        {
            _samplesAtPartial = _samplesFed;
            Partial = Result(decoder, final: false, ThreadCpuClock.Ticks() - started);
        }

        _processingTicks += ThreadCpuClock.Ticks() - started;
    }

    public Task<RecognitionResult> FinishAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_final is { } done)
        {
            return Task.FromResult(done);
        }

        var audio = _audio ?? throw new ObjectDisposedException(nameof(PocketsphinxRecognition));
        var started = ThreadCpuClock.Ticks();
        try
        {
            // Push the upsampler's last few milliseconds out, close the live pass, decode the whole utterance.
            Span<short> silence = stackalloc short[_upsampler.FlushSamples];
            _upsampler.Convert(silence, _take);
            _finished = true;
            var decoder = _decoder ??= _lease.Rent();
            if (decoder.InUtterance)
            {
                decoder.EndUtterance();
            }

            decoder.StartUtterance();
            decoder.ProcessWhole(audio.Samples, audio.Count);
            decoder.EndUtterance();
            _final = Result(decoder, final: true, ThreadCpuClock.Ticks() - started);
        }
        finally
        {
            Release();
        }

        return Task.FromResult(_final);
    }

    public void Dispose()
    {
        if (_decoder is { InUtterance: true } decoder)
        {
            try
            {
                decoder.EndUtterance();
            }
            catch (SpeechException)
            {
                // A decoder that cannot end its utterance is not given back.
                _decoder = null;
                _lease.Discard(decoder);
            }
        }

        Release();
    }

    private void Take(short[] samples, int count)
    {
        _audio!.Append(samples, count);
        if (_live && _decoder is { } decoder)
        {
            decoder.Process(samples, count);
        }
    }

    private void Release()
    {
        _finished = true;
        if (_decoder is { } decoder)
        {
            _decoder = null;
            try
            {
                // A decode that failed half-way leaves the utterance open: closed here, or the decoder is not given back.
                if (decoder.InUtterance)
                {
                    decoder.EndUtterance();
                }

                _lease.Return(decoder);
            }
            catch (SpeechException)
            {
                _lease.Discard(decoder);
            }
        }

        if (_audio is { } audio)
        {
            _audio = null;
            _lease.ReturnAudio(audio);
        }
    }

    private RecognitionResult Result(PocketsphinxDecoder decoder, bool final, long extraTicks)
    {
        var words = new List<WordTiming>();
        foreach (var (word, startFrame, endFrame, posterior) in decoder.Segments())
        {
            if (ResultWords.IsWord(word))
            {
                words.Add(new WordTiming(ResultWords.Clean(word), Frames(startFrame), Frames(endFrame + 1), posterior));
            }
        }

        string text;
        double confidence;
        if (_search.IsKeywordSpotting)
        {
            // The spotter's hypothesis lists detections last first; the segments carry their times.
            words.Sort((a, b) => a.Start.CompareTo(b.Start));
            text = string.Join(' ', words.Select(w => w.Word));
            confidence = words.Count == 0 ? 0 : words.Min(w => w.Confidence);
        }
        else
        {
            text = ResultWords.Normalize(decoder.Hypothesis(out _) ?? string.Empty);
            confidence = text.Length == 0 ? 0 : final ? decoder.Posterior() : 0;
        }

        var audio = TimeSpan.FromSeconds((double)_samplesFed / _upsampler.InputRate);
        return new RecognitionResult(text, confidence, words, PocketsphinxRecognizer.EngineName, final, TimeSpan.FromTicks(_processingTicks + extraTicks), audio);
    }

    private static TimeSpan Frames(int frames) => TimeSpan.FromMilliseconds(Math.Max(0, frames) * (1000 / PocketsphinxDecoder.FramesPerSecond));
}
