namespace Telephony.Media.Jitter;

/// <summary>The result of one <see cref="JitterBuffer.Get"/>: what to play for this slot.</summary>
/// <param name="Status">Frame, or why there is none.</param>
/// <param name="Length">Payload bytes written to the caller's buffer (0 unless <see cref="JitterFrameStatus.Frame"/>).</param>
/// <param name="SequenceNumber">RTP sequence number of the frame played.</param>
/// <param name="Timestamp">RTP timestamp of the frame played.</param>
public readonly record struct JitterFrame(JitterFrameStatus Status, int Length, ushort SequenceNumber, uint Timestamp)
{
    public static JitterFrame Silence => new(JitterFrameStatus.Silence, 0, 0, 0);

    public static JitterFrame Missing => new(JitterFrameStatus.Missing, 0, 0, 0);

    public static JitterFrame Inserted => new(JitterFrameStatus.Inserted, 0, 0, 0);
}
