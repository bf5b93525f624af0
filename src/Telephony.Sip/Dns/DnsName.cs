namespace Telephony.Sip.Dns;

/// <summary>Domain names on the wire (RFC 1035 §3.1, §4.1.4): writing them plainly, reading them with compression.</summary>
internal static class DnsName
{
    /// <summary>RFC 1035 §2.3.4: a name is at most 255 octets on the wire, a label at most 63.</summary>
    public const int MaxWireLength = 255;

    public const int MaxLabelLength = 63;

    public const string Root = ".";

    // Each wire octet becomes at most 4 characters (\DDD) and dots fit in what the length octets leave.
    private const int MaxTextLength = MaxWireLength * 4;

    /// <summary>True for the names that compare equal in DNS: ASCII case-insensitively, trailing dot or not.</summary>
    public static bool AreEqual(string a, string b) =>
        string.Equals(TrimDot(a), TrimDot(b), StringComparison.OrdinalIgnoreCase);

    /// <summary>The name without its one trailing dot, "." staying the root.</summary>
    public static string TrimDot(string name) =>
        name.Length > 1 && name[^1] == '.' ? name[..^1] : name;

    /// <summary>True when <paramref name="name"/> can be asked about: what <see cref="TryWrite"/> accepts.</summary>
    public static bool IsValid(string name)
    {
        var offset = 0;
        return TryWrite(name, stackalloc byte[MaxWireLength], ref offset);
    }

    /// <summary>
    /// Writes <paramref name="name"/> uncompressed at <paramref name="offset"/>. Only printable ASCII
    /// labels of 1..63 octets are accepted: a trunk host is a hostname, and escapes or IDNs
    /// in configuration are mistakes better refused than sent.
    /// </summary>
    public static bool TryWrite(string name, Span<byte> destination, ref int offset)
    {
        var text = TrimDot(name);
        var position = offset;
        if (text.Length > 0 && text != Root)
        {
            foreach (var range in text.AsSpan().Split('.'))
            {
                var label = text.AsSpan(range);
                if (label.Length is 0 or > MaxLabelLength || position + 1 + label.Length > destination.Length)
                {
                    return false;
                }

                destination[position++] = (byte)label.Length;
                foreach (var c in label)
                {
                    if (c is < '!' or > '~' or '\\')
                    {
                        return false;
                    }

                    destination[position++] = (byte)c;
                }
            }
        }

        if (position >= destination.Length || position + 1 - offset > MaxWireLength)
        {
            return false;
        }

        destination[position++] = 0;
        offset = position;
        return true;
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/> of <paramref name="message"/>, following
    /// compression pointers, and moves <paramref name="offset"/> past it. Returns false for
    /// anything malformed: running off the end, reserved label types, names over 255 octets,
    /// and pointers that do not go strictly backwards.
    /// </summary>
    /// <remarks>
    /// A compressor only ever points at a name it wrote earlier, and that name's own pointers
    /// point earlier still, so each jump must land before every position jumped to so far (and
    /// before the name itself). That bound makes loops impossible without counting hops.
    /// Octets other than printable ASCII, '.' and '\' are kept as \DDD, as in zone files,
    /// so a hostile label cannot smuggle a dot into a name.
    /// </remarks>
    public static bool TryRead(ReadOnlySpan<byte> message, ref int offset, out string name)
    {
        name = Root;
        Span<char> text = stackalloc char[MaxTextLength];
        var length = 0;
        var wireLength = 1; // the terminating root label
        var position = offset;
        var resume = -1;    // where the enclosing record continues: after the first pointer, or after the name
        var lowestJump = offset;

        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            var head = message[position];
            switch (head & 0xC0)
            {
                case 0x00 when head == 0:
                    if (resume < 0)
                    {
                        resume = position + 1;
                    }

                    if (length > 0)
                    {
                        name = new string(text[..length]);
                    }

                    offset = resume;
                    return true;

                case 0x00:
                    wireLength += 1 + head;
                    if (wireLength > MaxWireLength || position + 1 + head > message.Length)
                    {
                        return false;
                    }

                    if (length > 0)
                    {
                        text[length++] = '.';
                    }

                    foreach (var b in message.Slice(position + 1, head))
                    {
                        length = Append(text, length, b);
                    }

                    position += 1 + head;
                    break;

                case 0xC0:
                    if (position + 1 >= message.Length)
                    {
                        return false;
                    }

                    var target = ((head & 0x3F) << 8) | message[position + 1];
                    if (target >= lowestJump)
                    {
                        return false;
                    }

                    if (resume < 0)
                    {
                        resume = position + 2;
                    }

                    lowestJump = target;
                    position = target;
                    break;

                default:
                    // 0x40 (extended label types, RFC 6891 deprecated them) and 0x80 are reserved.
                    return false;
            }
        }
    }

    private static int Append(Span<char> text, int length, byte b)
    {
        if (b is > (byte)' ' and < 0x7F and not (byte)'.' and not (byte)'\\')
        {
            text[length] = (char)b;
            return length + 1;
        }

        text[length] = '\\';
        text[length + 1] = (char)('0' + (b / 100));
        text[length + 2] = (char)('0' + (b / 10 % 10));
        text[length + 3] = (char)('0' + (b % 10));
        return length + 4;
    }
}
