using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Telephony.Sip.Dns;

/// <summary>
/// A DNS message (RFC 1035 §4): writes the one-question queries a stub resolver sends and parses
/// the responses it gets back.
/// </summary>
/// <remarks>
/// Parsing never throws on hostile input: every read is bounds-checked and anything malformed
/// makes <see cref="TryParse"/> return false with a reason. Records of other types or classes
/// are checked for framing and then skipped.
/// </remarks>
public sealed class DnsMessage
{
    /// <summary>The largest response a UDP query without EDNS may get (RFC 1035 §4.2.1).</summary>
    public const int MaxUdpSize = 512;

    private const int HeaderSize = 12;

    // The smallest question is the root name plus type and class; the smallest record adds TTL and RDLENGTH.
    private const int MinQuestionSize = 1 + 4;
    private const int MinRecordSize = 1 + 10;

    private const int ResponseFlag = 0x8000;
    private const int AuthoritativeFlag = 0x0400;
    private const int TruncatedFlag = 0x0200;
    private const int RecursionDesiredFlag = 0x0100;
    private const int RecursionAvailableFlag = 0x0080;

    private DnsMessage(ushort id, int flags, IReadOnlyList<DnsQuestion> questions, IReadOnlyList<DnsRecord> answers,
        IReadOnlyList<DnsRecord> authorities, IReadOnlyList<DnsRecord> additionals)
    {
        Id = id;
        IsResponse = (flags & ResponseFlag) != 0;
        OperationCode = (flags >> 11) & 0xF;
        IsAuthoritative = (flags & AuthoritativeFlag) != 0;
        IsTruncated = (flags & TruncatedFlag) != 0;
        RecursionDesired = (flags & RecursionDesiredFlag) != 0;
        RecursionAvailable = (flags & RecursionAvailableFlag) != 0;
        ResponseCode = (DnsResponseCode)(flags & 0xF);
        Questions = questions;
        Answers = answers;
        Authorities = authorities;
        Additionals = additionals;
    }

    public ushort Id { get; }

    /// <summary>QR: set on responses.</summary>
    public bool IsResponse { get; }

    /// <summary>OPCODE; 0 is a standard query.</summary>
    public int OperationCode { get; }

    /// <summary>AA: the answer comes from a server authoritative for the zone.</summary>
    public bool IsAuthoritative { get; }

    /// <summary>TC: the message did not fit in the datagram; ask again over TCP.</summary>
    public bool IsTruncated { get; }

    /// <summary>RD: the query asked the server to recurse.</summary>
    public bool RecursionDesired { get; }

    /// <summary>RA: the server offers recursion.</summary>
    public bool RecursionAvailable { get; }

    /// <summary>RCODE. Values beyond <see cref="DnsResponseCode.Refused"/> come through as their number.</summary>
    public DnsResponseCode ResponseCode { get; }

    public IReadOnlyList<DnsQuestion> Questions { get; }

    /// <summary>The answer section's A, AAAA, SRV and CNAME records of class IN.</summary>
    public IReadOnlyList<DnsRecord> Answers { get; }

    /// <summary>The authority section's records of those types.</summary>
    public IReadOnlyList<DnsRecord> Authorities { get; }

    /// <summary>The additional section's records of those types.</summary>
    public IReadOnlyList<DnsRecord> Additionals { get; }

    /// <summary>
    /// Writes a standard query with one question into <paramref name="destination"/>.
    /// False when the name is not a valid hostname-like name or the buffer is too small.
    /// </summary>
    public static bool TryWriteQuery(Span<byte> destination, ushort id, DnsQuestion question, bool recursionDesired,
        out int bytesWritten)
    {
        bytesWritten = 0;
        if (destination.Length < HeaderSize)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(recursionDesired ? RecursionDesiredFlag : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        destination[6..HeaderSize].Clear();

        var offset = HeaderSize;
        if (!DnsName.TryWrite(question.Name, destination, ref offset) || offset + 4 > destination.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)question.Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], question.Class);
        bytesWritten = offset + 4;
        return true;
    }

    /// <summary>Parses a whole DNS message; false with a reason in <paramref name="error"/> when it is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, [NotNullWhen(true)] out DnsMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (data.Length < HeaderSize)
        {
            error = "shorter than a DNS header";
            return false;
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(data);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        int questionCount = BinaryPrimitives.ReadUInt16BigEndian(data[4..]);
        int answerCount = BinaryPrimitives.ReadUInt16BigEndian(data[6..]);
        int authorityCount = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int additionalCount = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);

        // Counts that cannot possibly fit are refused up front, so lying headers cost nothing.
        var minimum = (questionCount * MinQuestionSize) + ((answerCount + authorityCount + additionalCount) * MinRecordSize);
        if (minimum > data.Length - HeaderSize)
        {
            error = "section counts exceed the message length";
            return false;
        }

        var offset = HeaderSize;
        var questions = new List<DnsQuestion>(questionCount);
        for (var i = 0; i < questionCount; i++)
        {
            if (!DnsName.TryRead(data, ref offset, out var name) || offset + 4 > data.Length)
            {
                error = "malformed question";
                return false;
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            questions.Add(new DnsQuestion(name, type, @class));
            offset += 4;
        }

        if (!TryReadSection(data, ref offset, answerCount, out var answers, out error)
            || !TryReadSection(data, ref offset, authorityCount, out var authorities, out error)
            || !TryReadSection(data, ref offset, additionalCount, out var additionals, out error))
        {
            return false;
        }

        message = new DnsMessage(id, flags, questions, answers, authorities, additionals);
        return true;
    }

    private static bool TryReadSection(ReadOnlySpan<byte> data, ref int offset, int count, out List<DnsRecord> records,
        [NotNullWhen(false)] out string? error)
    {
        records = [];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadRecord(data, ref offset, out var record, out error))
            {
                return false;
            }

            if (record is not null)
            {
                records.Add(record);
            }
        }

        error = null;
        return true;
    }

    /// <summary>Reads one resource record; <paramref name="record"/> is null for types this resolver skips.</summary>
    private static bool TryReadRecord(ReadOnlySpan<byte> data, ref int offset, out DnsRecord? record,
        [NotNullWhen(false)] out string? error)
    {
        record = null;
        if (!DnsName.TryRead(data, ref offset, out var name) || offset + 10 > data.Length)
        {
            error = "malformed record header";
            return false;
        }

        var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 8)..]);
        var start = offset + 10;
        if (start + length > data.Length)
        {
            error = "record data runs past the end";
            return false;
        }

        // RFC 2181 §8: a TTL with the top bit set is treated as zero.
        if (ttl > int.MaxValue)
        {
            ttl = 0;
        }

        offset = start + length;
        error = null;
        if (@class != DnsQuestion.ClassInternet)
        {
            return true;
        }

        var rdata = data.Slice(start, length);
        switch (type)
        {
            case DnsRecordType.A when length == 4:
            case DnsRecordType.Aaaa when length == 16:
                record = new DnsAddressRecord(name, ttl, new IPAddress(rdata));
                return true;

            case DnsRecordType.A:
            case DnsRecordType.Aaaa:
                error = "address record of the wrong length";
                return false;

            case DnsRecordType.Srv:
                // Names inside RDATA may point back into the message, so they are read against the
                // whole of it but must end exactly where RDLENGTH says.
                var targetOffset = start + 6;
                if (length < 7 || !DnsName.TryRead(data, ref targetOffset, out var target) || targetOffset != start + length)
                {
                    error = "malformed SRV record";
                    return false;
                }

                record = new DnsSrvRecord(name, ttl,
                    Priority: BinaryPrimitives.ReadUInt16BigEndian(rdata),
                    Weight: BinaryPrimitives.ReadUInt16BigEndian(rdata[2..]),
                    Port: BinaryPrimitives.ReadUInt16BigEndian(rdata[4..]),
                    Target: target);
                return true;

            case DnsRecordType.CName:
                var aliasOffset = start;
                if (!DnsName.TryRead(data, ref aliasOffset, out var canonical) || aliasOffset != start + length)
                {
                    error = "malformed CNAME record";
                    return false;
                }

                record = new DnsCNameRecord(name, ttl, canonical);
                return true;

            default:
                return true;
        }
    }
}
