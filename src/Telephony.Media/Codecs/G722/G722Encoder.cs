namespace Telephony.Media.Codecs.G722;

/// <summary>ITU-T G.722 encoder, 64 kbit/s (mode 1): 16 kHz 16-bit PCM in, one byte per sample pair out.</summary>
/// <remarks>
/// <para>
/// Sub-band ADPCM: a 24-tap QMF splits the signal into two 8 kHz bands; the lower band is coded with a 6-bit
/// and the higher band with a 2-bit backward-adaptive ADPCM quantiser. Each output byte is
/// <c>IH (2 bits) · IL (6 bits)</c>, most significant first, as RFC 3551 packs G.722 into RTP.
/// </para>
/// <para>
/// Note for RTP: although G.722 samples at 16 kHz, its RTP clock rate is 8000 Hz (RFC 3551 §4.5.2), so a
/// 20 ms packet is 160 bytes and advances the timestamp by 160. See <see cref="G722.RtpClockRate"/>.
/// </para>
/// <para>
/// One instance holds the state of one stream and must not be shared between streams or threads. All state
/// is allocated up front; <see cref="Encode"/> allocates nothing. An odd trailing sample is kept for the
/// next call, so feeding audio in chunks of any size yields the same bytes as one call.
/// </para>
/// </remarks>
public sealed class G722Encoder
{
    private readonly G722AnalysisFilter _qmf = new();
    private readonly G722Predictor _lowPredictor = new();
    private readonly G722Predictor _highPredictor = new();
    private readonly G722ScaleFactor _lowScale = G722ScaleFactor.ForLowerBand();
    private readonly G722ScaleFactor _highScale = G722ScaleFactor.ForHigherBand();
    private short _pending;
    private bool _hasPending;

    /// <summary>Whether a single sample from the last call is waiting for its partner.</summary>
    public bool HasPendingSample => _hasPending;

    /// <summary>Returns the encoder to its initial state (as for a new stream), dropping any pending sample.</summary>
    public void Reset()
    {
        _qmf.Reset();
        _lowPredictor.Reset();
        _highPredictor.Reset();
        _lowScale.Reset();
        _highScale.Reset();
        _hasPending = false;
    }

    /// <summary>Encodes 16 kHz samples and returns the number of bytes written.</summary>
    /// <param name="pcm16k">Samples at 16 kHz; any length, an unpaired last sample waits for the next call.</param>
    /// <param name="destination">Receives one byte per complete sample pair.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short for the pairs available.</exception>
    public int Encode(ReadOnlySpan<short> pcm16k, Span<byte> destination)
    {
        var available = pcm16k.Length + (_hasPending ? 1 : 0);
        var pairs = available / 2;
        if (destination.Length < pairs)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes but {pairs} are needed", nameof(destination));
        }

        var index = 0;
        var written = 0;
        if (_hasPending && pcm16k.Length > 0)
        {
            destination[written++] = EncodePair(_pending, pcm16k[0]);
            index = 1;
            _hasPending = false;
        }

        for (; index + 1 < pcm16k.Length; index += 2)
        {
            destination[written++] = EncodePair(pcm16k[index], pcm16k[index + 1]);
        }

        if (index < pcm16k.Length)
        {
            _pending = pcm16k[index];
            _hasPending = true;
        }

        return written;
    }

    private byte EncodePair(short older, short newer)
    {
        var (low, high) = _qmf.Split(older, newer);
        var lowCode = EncodeLow(low);
        var highCode = EncodeHigh(high);
        return (byte)((highCode << 6) | lowCode);
    }

    private int EncodeLow(int low)
    {
        var difference = G722Predictor.Saturate(low - _lowPredictor.Estimate);
        var step = _lowScale.Step;

        // QUANTL: the magnitude is taken in ones' complement (−e − 1 for negatives), as the standard specifies.
        var magnitude = difference >= 0 ? difference : -(difference + 1);
        // The standard scans decision levels 1…29 for the first one above the magnitude (30 if none is). The
        // scaled levels never decrease, so a binary search finds the same interval in five steps instead of 29.
        ReadOnlySpan<int> levels = G722Tables.LowDecisionLevels;
        int interval = 1, last = 30;
        while (interval < last)
        {
            var middle = (interval + last) >> 1;
            if (magnitude < (levels[middle] * step) >> 12)
            {
                last = middle;
            }
            else
            {
                interval = middle + 1;
            }
        }

        int code = difference >= 0 ? G722Tables.LowPositiveCodes[interval] : G722Tables.LowNegativeCodes[interval];

        // Prediction and adaptation use only the top four bits, so a decoder fed fewer bits stays in step.
        var code4 = code >> 2;
        var quantised = (step * G722Tables.LowLevels4[code4]) >> 15;
        _lowScale.Adapt(G722Tables.LowLogMultipliers[code4]);
        _lowPredictor.Update(quantised);
        return code;
    }

    private int EncodeHigh(int high)
    {
        var difference = G722Predictor.Saturate(high - _highPredictor.Estimate);
        var step = _highScale.Step;

        // QUANTH: two intervals per sign.
        var magnitude = difference >= 0 ? difference : -(difference + 1);
        var large = magnitude >= (G722Tables.HighDecisionLevel * step) >> 12;
        var code = difference >= 0 ? (large ? 2 : 3) : (large ? 0 : 1);

        var quantised = (step * G722Tables.HighLevels[code]) >> 15;
        _highScale.Adapt(G722Tables.HighLogMultipliers[code]);
        _highPredictor.Update(quantised);
        return code;
    }
}
