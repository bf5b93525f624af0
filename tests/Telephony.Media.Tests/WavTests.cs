using System.Buffers.Binary;
using Telephony.Media.Audio;
using Telephony.Media.Codecs;
using Telephony.Media.Wav;

namespace Telephony.Media.Tests;

public class WavTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "wav-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    private static byte[] Wav(ushort format, ushort channels, int rate, ushort bits, byte[] data, bool extraChunk = false)
    {
        var chunks = new List<byte[]>();
        var fmt = new byte[24];
        "fmt "u8.CopyTo(fmt);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(8), format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(10), channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(12), rate);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(22), bits);
        if (extraChunk)
        {
            chunks.Add([.. "LIST"u8, 3, 0, 0, 0, 1, 2, 3, 0]);
        }

        chunks.Add(fmt);
        var dataChunk = new byte[8 + data.Length];
        "data"u8.CopyTo(dataChunk);
        BinaryPrimitives.WriteInt32LittleEndian(dataChunk.AsSpan(4), data.Length);
        data.CopyTo(dataChunk, 8);
        chunks.Add(dataChunk);
        var body = chunks.SelectMany(c => c).ToArray();
        return [.. "RIFF"u8, .. BitConverter.GetBytes(body.Length + 4), .. "WAVE"u8, .. body];
    }

    [Test]
    public void Pcm16_written_reads_back_exactly()
    {
        var path = Path.Combine(_dir, "a.wav");
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 1234];

        WavWriter.WritePcm16(path, 8000, samples);
        var audio = WavReader.Read(path);

        Assert.Multiple(() =>
        {
            Assert.That(audio.SampleRate, Is.EqualTo(8000));
            Assert.That(audio.Samples, Is.EqualTo(samples));
            Assert.That(File.Exists(path + ".tmp"), Is.False);
        });
    }

    [Test]
    public void Stereo_is_mixed_down_and_unknown_chunks_are_skipped()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt16LittleEndian(data, 100);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2), 300);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4), -50);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(6), -150);

        var audio = WavReader.Read(new MemoryStream(Wav(1, 2, 16000, 16, data, extraChunk: true)));

        Assert.Multiple(() =>
        {
            Assert.That(audio.Samples, Is.EqualTo(new short[] { 200, -100 }));
            Assert.That(audio.SampleRate, Is.EqualTo(16000));
        });
    }

    [TestCase((ushort)6)]
    [TestCase((ushort)7)]
    public void G711_wav_files_are_decoded(ushort format)
    {
        byte[] codes = [0x00, 0x55, 0xD5, 0xFF, 0x80];

        var audio = WavReader.Read(new MemoryStream(Wav(format, 1, 8000, 8, codes)));

        var law = format == 6 ? AudioEncoding.Pcma : AudioEncoding.Pcmu;
        var expected = new short[codes.Length];
        G711.Decode(law, codes, expected);
        Assert.That(audio.Samples, Is.EqualTo(expected));
    }

    [Test]
    public void Bad_files_name_the_problem_and_the_file()
    {
        var path = Path.Combine(_dir, "bad.wav");
        File.WriteAllBytes(path, Wav(2, 1, 8000, 4, new byte[6]));
        var ex = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.That(ex!.Message, Does.Contain("bad.wav").And.Contain("format 2 with 4 bits"), "MS ADPCM is not read");

        File.WriteAllBytes(path, "not a wave file at all"u8.ToArray());
        Assert.That(Assert.Throws<InvalidDataException>(() => WavReader.Read(path))!.Message, Does.Contain("RIFF"));
    }

    [Test]
    public void Resampling_keeps_duration_and_a_low_tone()
    {
        var tone = Enumerable.Range(0, 16000).Select(i => (short)(10000 * Math.Sin(2 * Math.PI * 400 * i / 16000.0))).ToArray();

        var down = Resampler.ToRate(tone, 16000, 8000);

        Assert.That(down, Has.Length.EqualTo(8000));
        var expected = Enumerable.Range(0, 8000).Select(i => 10000 * Math.Sin(2 * Math.PI * 400 * i / 8000.0)).ToArray();
        var error = down.Skip(10).Zip(expected.Skip(10), (a, b) => Math.Abs(a - b)).Average();
        Assert.That(error, Is.LessThan(1500), "a 400 Hz tone survives 16 kHz → 8 kHz with little error");
    }

    [Test]
    public void Resampling_attenuates_what_cannot_exist_at_the_lower_rate()
    {
        var high = Enumerable.Range(0, 22050).Select(i => (short)(10000 * Math.Sin(2 * Math.PI * 7000 * i / 22050.0))).ToArray();

        var down = Resampler.ToRate(high, 22050, 8000);

        var rms = Math.Sqrt(down.Average(s => (double)s * s));
        Assert.That(rms, Is.LessThan(7071 / 2.0), "a 7 kHz tone above the 4 kHz Nyquist frequency is attenuated");
    }
}
