namespace Telephony.Sip.Messages;

/// <summary>Character classes and small scanners of the RFC 3261 §25 grammar.</summary>
public static class SipSyntax
{
    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static bool IsTokenChar(int c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsToken(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!IsTokenChar(b))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsTokenChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses 1*DIGIT (surrounding whitespace allowed). Values past <see cref="int.MaxValue"/>
    /// saturate instead of failing, so a huge Content-Length is reported as too large, never wrapped.
    /// </summary>
    public static bool TryParseNonNegative(ReadOnlySpan<char> text, out int value)
    {
        text = text.Trim();
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        long acc = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            acc = Math.Min(acc * 10 + (c - '0'), int.MaxValue);
        }

        value = (int)acc;
        return true;
    }
}
