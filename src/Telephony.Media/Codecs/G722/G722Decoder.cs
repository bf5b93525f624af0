namespace Telephony.Media.Codecs.G722;

/// <summary>ITU-T G.722 decoder, 64 kbit/s (mode 1): one byte per sample pair in, 16 kHz 16-bit PCM out.</summary>
/// <remarks>
/// <para>
/// Mirrors <see cref="G722Encoder"/>: both sub-bands are reconstructed with the same adaptive predictors
/// and scale factors, then the receive QMF merges them back to 16 kHz. The lower band output uses all six
/// bits; its adaptation uses the top four, exactly as the encoder does.
/// </para>
/// <para>
/// Note for RTP: the payload's RTP clock rate is 8000 Hz although the audio is 16 kHz (RFC 3551 §4.5.2),
/// so each byte (one timestamp tick) decodes to two samples. See <see cref="G722.RtpClockRate"/>.
/// </para>
/// <para>One instance per stream; state is preallocated and <see cref="Decode"/> allocates nothing.</para>
/// </remarks>
public sealed class G722Decoder
{
    private readonly G722SynthesisFilter _qmf = new();
    private readonly G722Predictor _lowPredictor = new();
    private readonly G722Predictor _highPredictor = new();
    private readonly G722ScaleFactor _lowScale = G722ScaleFactor.ForLowerBand();
    private readonly G722ScaleFactor _highScale = G722ScaleFactor.ForHigherBand();

    /// <summary>Returns the decoder to its initial state, as for a new stream.</summary>
    public void Reset()
    {
        _qmf.Reset();
        _lowPredictor.Reset();
        _highPredictor.Reset();
        _lowScale.Reset();
        _highScale.Reset();
    }

    /// <summary>Decodes G.722 codes and returns the number of 16 kHz samples written (twice the code count).</summary>
    /// <exception cref="ArgumentException"><paramref name="pcm16k"/> is shorter than twice <paramref name="codes"/>.</exception>
    public int Decode(ReadOnlySpan<byte> codes, Span<short> pcm16k)
    {
        if (pcm16k.Length < codes.Length * 2)
        {
            throw new ArgumentException($"pcm16k holds {pcm16k.Length} samples but {codes.Length * 2} are needed", nameof(pcm16k));
        }

        var written = 0;
        foreach (var code in codes)
        {
            var low = DecodeLow(code & 0x3F);
            var high = DecodeHigh(code >> 6);
            (pcm16k[written], pcm16k[written + 1]) = _qmf.Merge(low, high);
            written += 2;
        }

        return written;
    }

    private int DecodeLow(int code)
    {
        var step = _lowScale.Step;
        var estimate = _lowPredictor.Estimate;
        var reconstructed = Math.Clamp(estimate + ((step * G722Tables.LowLevels6[code]) >> 15), -16384, 16383);

        var code4 = code >> 2;
        var quantised = (step * G722Tables.LowLevels4[code4]) >> 15;
        _lowScale.Adapt(G722Tables.LowLogMultipliers[code4]);
        _lowPredictor.Update(quantised);
        return reconstructed;
    }

    private int DecodeHigh(int code)
    {
        var step = _highScale.Step;
        var quantised = (step * G722Tables.HighLevels[code]) >> 15;
        var reconstructed = Math.Clamp(_highPredictor.Estimate + quantised, -16384, 16383);

        _highScale.Adapt(G722Tables.HighLogMultipliers[code]);
        _highPredictor.Update(quantised);
        return reconstructed;
    }
}
