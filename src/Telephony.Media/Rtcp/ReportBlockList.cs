namespace Telephony.Media.Rtcp;

/// <summary>Reads and writes the run of report blocks shared by SR and RR.</summary>
internal static class ReportBlockList
{
    public static bool TryRead(ReadOnlySpan<byte> data, int count, out RtcpReportBlock[] blocks)
    {
        blocks = [];
        if (data.Length < count * RtcpReportBlock.Length)
        {
            return false;
        }

        if (count == 0)
        {
            return true;
        }

        blocks = new RtcpReportBlock[count];
        for (var i = 0; i < count; i++)
        {
            RtcpReportBlock.TryRead(data[(i * RtcpReportBlock.Length)..], out blocks[i]);
        }

        return true;
    }

    public static void Write(IReadOnlyList<RtcpReportBlock> blocks, Span<byte> destination)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            blocks[i].TryWrite(destination[(i * RtcpReportBlock.Length)..]);
        }
    }
}
