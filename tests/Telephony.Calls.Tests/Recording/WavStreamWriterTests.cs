using System.Buffers.Binary;
using Telephony.Calls.Recording;
using Telephony.Media.Wav;

namespace Telephony.Calls.Tests.Recording;

/// <summary>The recorder's WAV writer: sizes patched on close, a key's tail taken back, and files a crash or a cut leaves behind still read.</summary>
public class WavStreamWriterTests
{
    private string _folder = string.Empty;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("wavstream-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_completed_file_has_its_sizes_patched_and_reads_back_sample_for_sample()
    {
        var path = Path.Combine(_folder, "day", "a.wav");
        var writer = new WavStreamWriter(path);
        var expected = Pattern(28_000); // 3.5 s
        for (var at = 0; at < expected.Length; at += 160)
        {
            writer.Write(expected.AsSpan(at, 160));
        }

        var samples = await writer.CompleteAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Multiple(() =>
        {
            Assert.That(samples, Is.EqualTo(expected.Length));
            Assert.That(writer.Error, Is.Null);
            Assert.That(bytes, Has.Length.EqualTo(44 + (expected.Length * 2)));
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)), Is.EqualTo(36 + (expected.Length * 2)), "RIFF size");
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)), Is.EqualTo(expected.Length * 2), "data size");
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22)), Is.EqualTo(1), "mono");
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)), Is.EqualTo(8000));
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34)), Is.EqualTo(16), "16-bit");
            var read = WavReader.Read(path);
            Assert.That(read.SampleRate, Is.EqualTo(8000));
            Assert.That(read.Samples, Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task Truncating_takes_back_the_tail_and_later_frames_follow_the_cut()
    {
        var path = Path.Combine(_folder, "cut.wav");
        var writer = new WavStreamWriter(path);
        var first = Pattern(8000);
        writer.Write(first);
        writer.TruncateTo(4000);
        var more = Enumerable.Repeat((short)1234, 160).ToArray();
        writer.Write(more);
        Assert.That(writer.Samples, Is.EqualTo(4160));
        await writer.CompleteAsync();
        var read = WavReader.Read(path).Samples;
        Assert.Multiple(() =>
        {
            Assert.That(read, Has.Length.EqualTo(4160));
            Assert.That(read[..4000], Is.EqualTo(first[..4000]));
            Assert.That(read[4000..], Is.All.EqualTo(1234));
        });
    }

    [Test]
    public async Task A_file_left_open_by_a_crash_reads_up_to_its_last_patch_and_repairs_to_all_that_reached_the_file()
    {
        var path = Path.Combine(_folder, "crash.wav");
        var writer = new WavStreamWriter(path, patchEvery: 8000);
        var audio = Pattern(20_000); // 2.5 s: patched (and flushed) at 1 s and 2 s; the last half second may still be in the writer's buffer
        for (var at = 0; at < audio.Length; at += 160)
        {
            writer.Write(audio.AsSpan(at, 160));
        }

        // The process dies here: never completed. What is on the disk is what a reader finds.
        var copy = Path.Combine(_folder, "crash-copy.wav");
        byte[] bytes = [];
        for (var i = 0; i < 100; i++)
        {
            bytes = ReadShared(path);
            if (bytes.Length >= 44 && BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)) >= 16_000 * 2)
            {
                break;
            }

            await Task.Delay(20);
        }

        await File.WriteAllBytesAsync(copy, bytes);
        var byHeader = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)) / 2;
        var asFound = WavReader.Read(copy).Samples.Length;
        var repaired = WavStreamWriter.Repair(copy);
        Assert.Multiple(() =>
        {
            Assert.That(byHeader, Is.EqualTo(16_000), "the header was patched at the last whole second");
            Assert.That(asFound, Is.GreaterThanOrEqualTo(16_000), "a reader finds all but at most the last second");
            Assert.That(repaired, Is.InRange(16_000, audio.Length), "repaired: everything that reached the file");
            Assert.That(WavReader.Read(copy).Samples, Is.EqualTo(audio[..(int)repaired]), "in order, nothing made up");
        });
        await writer.CompleteAsync();
    }

    [Test]
    public async Task A_completed_file_cut_short_on_disk_still_reads_and_repairs_to_what_is_left()
    {
        var path = Path.Combine(_folder, "short.wav");
        var writer = new WavStreamWriter(path);
        writer.Write(Pattern(16_000));
        await writer.CompleteAsync();
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(44 + 10_001); // a torn write: half a sample at the end
        }

        var asFound = WavReader.Read(path).Samples.Length;
        var repaired = WavStreamWriter.Repair(path);
        Assert.Multiple(() =>
        {
            Assert.That(asFound, Is.EqualTo(5000), "the header claims more than is there; the reader takes what is");
            Assert.That(repaired, Is.EqualTo(5000));
            Assert.That(new FileInfo(path).Length, Is.EqualTo(44 + 10_000), "the odd byte dropped");
            Assert.That(WavReader.Read(path).Samples, Is.EqualTo(Pattern(5000)));
        });
    }

    [Test]
    public async Task A_discarded_recording_leaves_no_file()
    {
        var path = Path.Combine(_folder, "none.wav");
        var writer = new WavStreamWriter(path);
        writer.Write(new short[160]);
        await writer.DiscardAsync();
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void Repair_refuses_a_file_that_is_no_recording()
    {
        var path = Path.Combine(_folder, "text.wav");
        File.WriteAllText(path, "this is not a wav file, just some text of some length for the header");
        Assert.That(() => WavStreamWriter.Repair(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("text.wav"));
    }

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>A sawtooth that makes every sample's value depend on its place (a shifted or dropped frame shows).</summary>
    private static short[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (short)((i * 37 % 20_000) - 10_000))];
}
