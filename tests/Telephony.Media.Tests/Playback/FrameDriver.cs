using Telephony.Media.Playback;

namespace Telephony.Media.Tests.Playback;

/// <summary>Stands in for the media clock: pulls one 20 ms frame per "tick" and keeps what came out.</summary>
internal sealed class FrameDriver(PlaybackQueue queue, int frameBytes = 160)
{
    private readonly byte[] _frame = new byte[frameBytes];

    public List<PlayoutStatus> Statuses { get; } = [];

    /// <summary>Everything written, frame after frame (paused ticks add nothing).</summary>
    public List<byte> Bytes { get; } = [];

    public PlayoutStatus Tick()
    {
        var status = queue.ReadFrame(_frame);
        Statuses.Add(status);
        if (status != PlayoutStatus.Paused)
        {
            Bytes.AddRange(_frame);
        }

        return status;
    }

    public void Ticks(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Tick();
        }
    }
}
