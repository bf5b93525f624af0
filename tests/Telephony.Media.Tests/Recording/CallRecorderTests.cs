using System.Buffers.Binary;
using Telephony.Media.Recording;

namespace Telephony.Media.Tests.Recording;

public class CallRecorderTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("rec-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private static short[] Ramp(short start, int n) => Enumerable.Range(0, n).Select(i => (short)(start + i)).ToArray();

    [Test]
    public async Task Frames_land_at_their_positions_in_a_stereo_wav_and_gaps_are_silence()
    {
        var path = Path.Combine(_folder, "day", "call.wav");
        var recorder = new CallRecorder(path);
        recorder.Write(RecordedSide.Server, 0, Ramp(100, 160));
        recorder.Write(RecordedSide.Caller, 320, Ramp(1000, 160)); // arrives first, belongs later
        recorder.Write(RecordedSide.Caller, 160, Ramp(500, 160));  // reordered
        recorder.Write(RecordedSide.Server, 320, Ramp(2000, 160)); // 160..319 of ours never came: silence
        recorder.Write(RecordedSide.Caller, -5, Ramp(0, 10));      // impossible position

        var written = await recorder.FinishAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        short Left(int i) => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i)));
        short Right(int i) => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (4 * i) + 2));

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(path));
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22)), Is.EqualTo(2), "stereo");
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)), Is.EqualTo(8000));
            Assert.That(bytes.Length, Is.EqualTo(44 + (480 * 4)));
            Assert.That(Left(0), Is.Zero, "the caller's first 160 samples never came");
            Assert.That(Left(160), Is.EqualTo(500));
            Assert.That(Left(479), Is.EqualTo(1159));
            Assert.That(Right(0), Is.EqualTo(100));
            Assert.That(Right(200), Is.Zero);
            Assert.That(Right(320), Is.EqualTo(2000));
            Assert.That(recorder.Rejected, Is.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Is.EqualTo(new[] { path }), "no side or temporary files left");
        });
    }

    [Test]
    public async Task Mono_mixes_both_sides_into_one_channel_clipping_at_full_scale()
    {
        var path = Path.Combine(_folder, "mono.wav");
        var recorder = new CallRecorder(path, RecordingChannels.Mono);
        recorder.Write(RecordedSide.Server, 0, Ramp(100, 160));
        recorder.Write(RecordedSide.Caller, 80, Ramp(1000, 160));
        recorder.Write(RecordedSide.Caller, 240, Enumerable.Repeat((short)30000, 10).ToArray());
        recorder.Write(RecordedSide.Server, 240, Enumerable.Repeat((short)30000, 10).ToArray());

        await recorder.FinishAsync();
        var bytes = await File.ReadAllBytesAsync(path);
        short At(int i) => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (2 * i)));

        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22)), Is.EqualTo(1), "mono");
            Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28)), Is.EqualTo(16000), "byte rate of 16-bit mono at 8 kHz");
            Assert.That(bytes.Length, Is.EqualTo(44 + (250 * 2)));
            Assert.That(At(0), Is.EqualTo(100), "only the server so far");
            Assert.That(At(100), Is.EqualTo(200 + 1020), "both sides summed");
            Assert.That(At(200), Is.EqualTo(1120), "only the caller");
            Assert.That(At(245), Is.EqualTo(short.MaxValue), "60000 clips instead of wrapping");
        });
    }

    [Test]
    public async Task Nothing_recorded_leaves_no_file()
    {
        var path = Path.Combine(_folder, "empty.wav");

        Assert.Multiple(async () =>
        {
            Assert.That(await new CallRecorder(path).FinishAsync(), Is.Null);
            Assert.That(Directory.GetFiles(_folder), Is.Empty);
        });
    }
}
