using System.Globalization;

namespace Telephony.Sip.Headers;

/// <summary>CSeq: a sequence number below 2^31 and a method (RFC 3261 §8.1.1.5).</summary>
public readonly record struct CSeqHeader(long Number, string Method)
{
    public static bool TryParse(string? text, out CSeqHeader value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        var sp = span.IndexOfAny(' ', '\t');
        if (sp <= 0)
        {
            return false;
        }

        var method = span[(sp + 1)..].Trim();
        if (!long.TryParse(span[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > int.MaxValue || !Messages.SipSyntax.IsToken(method))
        {
            return false;
        }

        value = new CSeqHeader(number, method.ToString());
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number} {Method}");
}
