using Telephony.Media.Codecs.G722;

namespace Telephony.Media.Tests.G722;

/// <summary>Behaviour of our G.722 codec that does not need a reference: quality, streaming, allocation, errors.</summary>
public class G722CodecTests
{
    /// <summary>Samples of delay through the transmit and receive QMF (the ADPCM itself adds none).</summary>
    private const int QmfPairDelay = 22;

    [Test]
    public void A_1_kHz_sine_survives_a_round_trip_with_more_than_30_dB_snr()
    {
        var pcm = TestSignals.Sine(1000, 10000, TestSignals.Rate);
        var decoded = RoundTrip(pcm);

        // The QMF pair delays the signal; measure at the best alignment, after the adaptation has settled.
        var snr = Enumerable.Range(0, 64).Max(delay => SnrDb(pcm, decoded, delay, skip: 1600));
        Assert.That(snr, Is.GreaterThan(30), $"SNR {snr:F1} dB");
    }

    [Test]
    public void Round_trip_delay_is_that_of_the_two_qmf_filters()
    {
        // Speech, not a sine: a periodic signal lines up equally well one period later.
        var pcm = TestSignals.Prompt("welcome.wav");
        var decoded = RoundTrip(pcm);

        var best = Enumerable.Range(0, 64).MaxBy(delay => SnrDb(pcm, decoded, delay, skip: 0));
        Assert.That(best, Is.EqualTo(QmfPairDelay));
    }

    [Test]
    public void Speech_survives_a_round_trip_with_good_snr()
    {
        var pcm = TestSignals.Prompt("welcome.wav");
        var snr = SnrDb(pcm, RoundTrip(pcm), QmfPairDelay, skip: 0);
        Assert.That(snr, Is.GreaterThan(25), $"SNR {snr:F1} dB");
    }

    [Test]
    public void Silence_decodes_to_idle_noise_of_a_few_lsb()
    {
        // The adaptive quantisers never reach zero step size, so digital silence comes back as ±3 LSB
        // (about -80 dBFS); spandsp produces the same samples.
        var decoded = RoundTrip(new short[3200]);
        Assert.That(decoded.Max(v => Math.Abs((int)v)), Is.LessThanOrEqualTo(4));
    }

    [TestCase(new[] { 1 })]
    [TestCase(new[] { 3, 5, 7 })]
    [TestCase(new[] { 1, 2, 319, 320, 321, 13 })]
    [TestCase(new[] { 161, 0, 159, 1, 1 })]
    public void Encoding_in_odd_chunks_gives_the_same_bytes_as_one_call(int[] chunkSizes)
    {
        var pcm = TestSignals.Prompt("you-entered.wav");
        var whole = new byte[pcm.Length / 2];
        new G722Encoder().Encode(pcm, whole);

        var encoder = new G722Encoder();
        var streamed = new byte[whole.Length];
        int read = 0, written = 0, chunk = 0;
        while (read < pcm.Length)
        {
            var size = Math.Min(chunkSizes[chunk++ % chunkSizes.Length], pcm.Length - read);
            written += encoder.Encode(pcm.AsSpan(read, size), streamed.AsSpan(written));
            read += size;
            Assert.That(encoder.HasPendingSample, Is.EqualTo(read % 2 == 1));
        }

        Assert.That(written, Is.EqualTo(whole.Length));
        Assert.That(streamed, Is.EqualTo(whole));
    }

    [Test]
    public void Decoding_in_chunks_gives_the_same_samples_as_one_call()
    {
        var codes = new byte[4000];
        new Random(7).NextBytes(codes);
        var whole = new short[codes.Length * 2];
        new G722Decoder().Decode(codes, whole);

        var decoder = new G722Decoder();
        var streamed = new short[whole.Length];
        int read = 0, written = 0;
        foreach (var size in Enumerable.Repeat(new[] { 1, 7, 160, 0, 33 }, 100).SelectMany(s => s))
        {
            var take = Math.Min(size, codes.Length - read);
            written += decoder.Decode(codes.AsSpan(read, take), streamed.AsSpan(written));
            read += take;
        }

        Assert.That(read, Is.EqualTo(codes.Length));
        Assert.That(streamed, Is.EqualTo(whole));
    }

    [Test]
    public void Reset_makes_a_used_codec_behave_like_a_new_one()
    {
        var pcm = TestSignals.Sweep(100, 7000, 20000, 4000);
        var encoder = new G722Encoder();
        var decoder = new G722Decoder();
        var first = new byte[pcm.Length / 2];
        var firstPcm = new short[pcm.Length];
        encoder.Encode(pcm, first);
        decoder.Decode(first, firstPcm);
        encoder.Encode(pcm.AsSpan(0, 3), new byte[2]);

        encoder.Reset();
        decoder.Reset();
        var second = new byte[pcm.Length / 2];
        var secondPcm = new short[pcm.Length];
        encoder.Encode(pcm, second);
        decoder.Decode(second, secondPcm);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(secondPcm, Is.EqualTo(firstPcm));
    }

    [Test]
    public void Encoding_and_decoding_allocate_nothing()
    {
        var pcm = TestSignals.Sweep(100, 7000, 20000, 321);
        var codes = new byte[pcm.Length];
        var output = new short[2 * pcm.Length];
        var encoder = new G722Encoder();
        var decoder = new G722Decoder();
        encoder.Encode(pcm, codes);
        decoder.Decode(codes.AsSpan(0, 160), output);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var n = encoder.Encode(pcm, codes);
            decoder.Decode(codes.AsSpan(0, n), output);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void A_short_destination_is_rejected_before_any_state_changes()
    {
        var encoder = new G722Encoder();
        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[320], new byte[159]));
        Assert.Throws<ArgumentException>(() => new G722Decoder().Decode(new byte[160], new short[319]));

        var fresh = new byte[160];
        new G722Encoder().Encode(TestSignals.Sine(1000, 8000, 320), fresh);
        var afterFailure = new byte[160];
        encoder.Encode(TestSignals.Sine(1000, 8000, 320), afterFailure);
        Assert.That(afterFailure, Is.EqualTo(fresh));
    }

    [Test]
    public void Rtp_facts_follow_rfc_3551()
    {
        Assert.That(Codecs.G722.G722.RtpClockRate, Is.EqualTo(8000));
        Assert.That(Codecs.G722.G722.SampleRate, Is.EqualTo(16000));
        Assert.That(Codecs.G722.G722.PayloadType, Is.EqualTo(9));
        Assert.That(Codecs.G722.G722.EncodedLength(320), Is.EqualTo(160));
        Assert.That(Codecs.G722.G722.DecodedLength(160), Is.EqualTo(320));
    }

    private static short[] RoundTrip(short[] pcm)
    {
        var codes = new byte[pcm.Length / 2];
        new G722Encoder().Encode(pcm, codes);
        var decoded = new short[codes.Length * 2];
        new G722Decoder().Decode(codes, decoded);
        return decoded;
    }

    private static double SnrDb(short[] original, short[] decoded, int delay, int skip)
    {
        double signal = 0, noise = 0;
        for (var i = skip; i + delay < decoded.Length; i++)
        {
            double s = original[i];
            var e = decoded[i + delay] - s;
            signal += s * s;
            noise += e * e;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-9));
    }
}
