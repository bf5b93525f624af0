using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Telephony.Media.Rtcp;

/// <summary>An RTCP source description packet (PT 202, RFC 3550 §6.5) carrying CNAMEs.</summary>
/// <remarks>
/// Each chunk is an SSRC followed by items (type, length, UTF-8 text) and ended by at least one
/// null octet, then null-padded to a 32-bit boundary. Only CNAME (type 1) is written; other items
/// are skipped when read.
/// </remarks>
public sealed class RtcpSourceDescription
{
    private const byte EndItem = 0;
    private const byte CNameItem = 1;

    public RtcpSourceDescription(IReadOnlyList<RtcpSdesChunk> chunks) => Chunks = chunks;

    /// <summary>The usual single-chunk SDES: our SSRC and CNAME.</summary>
    public RtcpSourceDescription(uint ssrc, string cname)
        : this([new RtcpSdesChunk(ssrc, cname)])
    {
    }

    public IReadOnlyList<RtcpSdesChunk> Chunks { get; }

    /// <summary>Bytes <see cref="TryWrite"/> produces, or -1 when a CNAME is longer than 255 UTF-8 bytes.</summary>
    public int Length
    {
        get
        {
            var length = RtcpHeader.Length;
            foreach (var chunk in Chunks)
            {
                var chunkLength = ChunkLength(chunk);
                if (chunkLength < 0)
                {
                    return -1;
                }

                length += chunkLength;
            }

            return length;
        }
    }

    private static int ChunkLength(RtcpSdesChunk chunk)
    {
        var items = 0;
        if (chunk.CName is not null)
        {
            var text = Encoding.UTF8.GetByteCount(chunk.CName);
            if (text > byte.MaxValue)
            {
                return -1;
            }

            items = 2 + text;
        }

        // SSRC, the items, one terminating null octet, then round up to a 32-bit boundary.
        return (4 + items + 1 + 3) & ~3;
    }

    /// <summary>Writes the packet; false when it does not fit, has more than 31 chunks or a CNAME over 255 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var length = Length;
        if (length < 0 || destination.Length < length
            || !new RtcpHeader(false, Chunks.Count, (byte)RtcpPacketType.SourceDescription, length).TryWrite(destination))
        {
            return false;
        }

        var offset = RtcpHeader.Length;
        foreach (var chunk in Chunks)
        {
            var end = offset + ChunkLength(chunk);
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], chunk.Ssrc);
            offset += 4;
            if (chunk.CName is not null)
            {
                destination[offset] = CNameItem;
                var text = Encoding.UTF8.GetBytes(chunk.CName, destination[(offset + 2)..]);
                destination[offset + 1] = (byte)text;
                offset += 2 + text;
            }

            // The end item and the padding are all null octets.
            destination[offset..end].Clear();
            offset = end;
        }

        written = length;
        return true;
    }

    /// <summary>Reads one SDES packet at the start of <paramref name="packet"/>; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out RtcpSourceDescription? description)
    {
        description = null;
        if (!RtcpHeader.TryRead(packet, out var header, out var body) || header.PacketType != (byte)RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var chunks = new RtcpSdesChunk[header.Count];
        var offset = 0;
        for (var i = 0; i < chunks.Length; i++)
        {
            if (!TryReadChunk(body, ref offset, out chunks[i]))
            {
                return false;
            }
        }

        description = new RtcpSourceDescription(chunks);
        return true;
    }

    private static bool TryReadChunk(ReadOnlySpan<byte> body, ref int offset, out RtcpSdesChunk chunk)
    {
        chunk = default;
        if (offset + 4 > body.Length)
        {
            return false;
        }

        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[offset..]);
        offset += 4;
        string? cname = null;
        while (true)
        {
            if (offset >= body.Length)
            {
                return false;
            }

            var type = body[offset];
            if (type == EndItem)
            {
                // Chunks start on 32-bit boundaries; the body itself starts on one.
                offset = (offset + 1 + 3) & ~3;
                if (offset > body.Length)
                {
                    return false;
                }

                chunk = new RtcpSdesChunk(ssrc, cname);
                return true;
            }

            if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
            {
                return false;
            }

            var text = body.Slice(offset + 2, body[offset + 1]);
            if (type == CNameItem)
            {
                cname = Encoding.UTF8.GetString(text);
            }

            offset += 2 + text.Length;
        }
    }
}
