using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Telephony.Media.Rtcp;

/// <summary>An RTCP goodbye packet (PT 203, RFC 3550 §6.6).</summary>
/// <remarks>
/// Layout: header (SC = number of sources), SC SSRC/CSRCs, then optionally a reason: a length
/// octet and that many UTF-8 octets, null-padded to a 32-bit boundary.
/// </remarks>
public sealed class RtcpBye
{
    public RtcpBye(IReadOnlyList<uint> sources, string? reason = null)
    {
        Sources = sources;
        Reason = reason;
    }

    public IReadOnlyList<uint> Sources { get; }

    public string? Reason { get; }

    /// <summary>Bytes <see cref="TryWrite"/> produces, or -1 when the reason is longer than 255 UTF-8 bytes.</summary>
    public int Length
    {
        get
        {
            var length = RtcpHeader.Length + (4 * Sources.Count);
            if (Reason is null)
            {
                return length;
            }

            var text = Encoding.UTF8.GetByteCount(Reason);
            return text > byte.MaxValue ? -1 : length + ((1 + text + 3) & ~3);
        }
    }

    /// <summary>Writes the packet; false when it does not fit, has more than 31 sources or a reason over 255 bytes.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        var length = Length;
        if (length < 0 || destination.Length < length
            || !new RtcpHeader(false, Sources.Count, (byte)RtcpPacketType.Bye, length).TryWrite(destination))
        {
            return false;
        }

        var offset = RtcpHeader.Length;
        foreach (var source in Sources)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], source);
            offset += 4;
        }

        if (Reason is not null)
        {
            var text = Encoding.UTF8.GetBytes(Reason, destination[(offset + 1)..]);
            destination[offset] = (byte)text;
            destination[(offset + 1 + text)..length].Clear();
        }

        written = length;
        return true;
    }

    /// <summary>Reads one BYE packet at the start of <paramref name="packet"/>; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out RtcpBye? bye)
    {
        bye = null;
        if (!RtcpHeader.TryRead(packet, out var header, out var body)
            || header.PacketType != (byte)RtcpPacketType.Bye
            || body.Length < 4 * header.Count)
        {
            return false;
        }

        var sources = new uint[header.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(4 * i)..]);
        }

        string? reason = null;
        var rest = body[(4 * sources.Length)..];
        if (rest.Length > 0 && rest[0] > 0)
        {
            if (1 + rest[0] > rest.Length)
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(rest.Slice(1, rest[0]));
        }

        bye = new RtcpBye(sources, reason);
        return true;
    }
}
