namespace Telephony.Media.Dtmf.InBand;

/// <summary>Finds DTMF key presses in 8 kHz 16-bit PCM (ITU-T Q.23 tones, Q.24 reception limits).</summary>
/// <remarks>
/// <para>
/// Audio of any frame length is cut into 102-sample blocks that start every 51 samples (half
/// overlap, one decision per 6.4 ms); <see cref="DtmfBlockClassifier"/> judges each block on its
/// own and this class adds the timing: a key is recognised after four agreeing blocks in a row
/// and ends after four blocks without it. Results do not depend on how the audio is split into
/// frames.
/// </para>
/// <para>
/// Each press is reported once: <see cref="DigitStarted"/> when it is recognised (for barge-in),
/// <see cref="DigitEnded"/> when it stops, with its full duration. Holding a key never repeats it.
/// Nothing is allocated after construction. One instance per audio stream; not thread-safe.
/// </para>
/// </remarks>
public sealed class GoertzelDtmfDetector
{
    private const int BlockLength = DtmfBlockClassifier.BlockLength;

    /// <summary>Half a block: fine enough steps to tell 23 ms from 40 ms, at twice the cost of no overlap.</summary>
    private const int Hop = BlockLength / 2;

    /// <summary>
    /// Four agreeing blocks span 102 + 3·51 = 255 samples (32 ms): a 40 ms tone (Q.24: must be
    /// accepted) always holds at least four whole blocks, a 23 ms tone (must be rejected) at most
    /// two, and a block only partly filled by tone rarely passes the classifier's power-share test.
    /// </summary>
    private const int BlocksToStart = 4;

    /// <summary>
    /// Four blocks without the key end it: a 40 ms pause (the shortest Q.24 asks to recognise)
    /// holds at least four whole silent blocks, while a dropout of a block or two, from noise or a
    /// lost packet, is bridged rather than reported as a second press.
    /// </summary>
    private const int BlocksToEnd = 4;

    private readonly short[] _ring = new short[BlockLength];
    private readonly short[] _block = new short[BlockLength];
    private long _samples;
    private int _sinceBlock;

    // The run of identical block decisions being watched for a new key.
    private char _runDigit;
    private int _runLength;
    private long _runStart;

    // The key being held, if any.
    private char _active;
    private long _activeStart;
    private long _activeLastSeenEnd;
    private int _misses;

    /// <summary>A key was recognised: raised once per press, about 32 ms after its tone began; the duration so far.</summary>
    public event Action<InBandDigit>? DigitStarted;

    /// <summary>A recognised key's tone stopped: raised once per press, with its whole duration.</summary>
    public event Action<InBandDigit>? DigitEnded;

    /// <summary>Samples processed since construction or <see cref="Reset"/>.</summary>
    public long SamplesProcessed => _samples;

    /// <summary>Feeds the next samples of the stream, in frames of any length.</summary>
    public void Process(ReadOnlySpan<short> samples)
    {
        foreach (var sample in samples)
        {
            _ring[_samples % BlockLength] = sample;
            _samples++;
            _sinceBlock++;
            if (_samples >= BlockLength && _sinceBlock >= Hop)
            {
                _sinceBlock = 0;
                AnalyzeLastBlock();
            }
        }
    }

    /// <summary>Ends a key still held at the end of the stream, raising its <see cref="DigitEnded"/>.</summary>
    public void Flush()
    {
        if (_active != '\0')
        {
            End();
        }
    }

    /// <summary>Forgets everything, as if new; nothing is raised for a key in progress.</summary>
    public void Reset()
    {
        _samples = 0;
        _sinceBlock = 0;
        _runDigit = _active = '\0';
        _runLength = _misses = 0;
        _runStart = _activeStart = _activeLastSeenEnd = 0;
    }

    private void AnalyzeLastBlock()
    {
        // The ring's oldest sample sits where the next one will be written.
        var oldest = (int)(_samples % BlockLength);
        _ring.AsSpan(oldest).CopyTo(_block);
        _ring.AsSpan(0, oldest).CopyTo(_block.AsSpan(BlockLength - oldest));
        var digit = DtmfBlockClassifier.Classify(_block);
        var blockStart = _samples - BlockLength;

        if (digit == _runDigit && digit != '\0')
        {
            _runLength++;
        }
        else
        {
            _runDigit = digit;
            _runLength = digit == '\0' ? 0 : 1;
            _runStart = blockStart;
        }

        if (_active != '\0')
        {
            if (digit == _active)
            {
                _activeLastSeenEnd = _samples;
                _misses = 0;
            }
            else if (++_misses >= BlocksToEnd)
            {
                End();
            }
        }

        if (_active == '\0' && _runLength >= BlocksToStart)
        {
            _active = _runDigit;
            _activeStart = _runStart;
            _activeLastSeenEnd = _samples;
            _misses = 0;
            DigitStarted?.Invoke(new InBandDigit(_active, _activeStart, (int)(_samples - _activeStart)));
        }
    }

    private void End()
    {
        var ended = new InBandDigit(_active, _activeStart, (int)(_activeLastSeenEnd - _activeStart));
        _active = '\0';
        _misses = 0;
        DigitEnded?.Invoke(ended);
    }
}
