using System.Text;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Renders an http step's URL: each <c>${...}</c> is percent-encoded (RFC 3986, UTF-8) for the
/// part of the URL it lands in, decided by the text before it: in the path it is one segment
/// (<c>/ ? #</c> encoded, <c>+</c> kept), in the query or fragment one value (<c>&amp; = + # ;</c>
/// encoded, <c>/ ?</c> kept), so <c>+13125550123</c> reaches a form decoder as itself and not as
/// a space. Before the path (the scheme and host, or a lone <c>${base}</c>) a value is inserted
/// as it is: it says where the request goes, not what it carries. <c>${raw(x)}</c> inserts
/// <c>x</c> as it is anywhere (a prepared query string).
/// </summary>
public static class UrlTemplate
{
    // RFC 3986 §3.3 pchar without the sub-delims nothing decodes specially in a path.
    private const string SegmentKeeps = "-._~!$&'()*+,;=:@";

    // RFC 3986 §3.4 query characters minus what form decoding (WHATWG urlencoded) gives meaning: & = + ; and #.
    private const string QueryKeeps = "-._~!$'()*,:@/?";

    private enum Part
    {
        Authority,
        Path,
        Query,
    }

    public static string Render(Template template, IEvaluationScope scope)
    {
        ArgumentNullException.ThrowIfNull(template);
        var url = new StringBuilder();
        foreach (var part in template.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    url.Append(text.Text);
                    break;
                case ExprPart { Expr: CallExpr { Function: "raw" } } raw:
                    url.Append(Values.ToText(ExpressionEvaluator.Evaluate(raw.Expr, scope)));
                    break;
                case ExprPart insertion:
                    var value = Values.ToText(ExpressionEvaluator.Evaluate(insertion.Expr, scope));
                    url.Append(Where(url.ToString()) switch
                    {
                        Part.Path => Encode(value, SegmentKeeps),
                        Part.Query => Encode(value, QueryKeeps),
                        _ => value,
                    });
                    break;
            }
        }

        return url.ToString();
    }

    /// <summary>The part of the URL that the next character of <paramref name="before"/> belongs to.</summary>
    private static Part Where(string before)
    {
        if (before.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return Part.Query;
        }

        var scheme = before.IndexOf("://", StringComparison.Ordinal);
        return scheme >= 0 && before.IndexOf('/', scheme + 3) >= 0 ? Part.Path : Part.Authority;
    }

    private static string Encode(string value, string keeps)
    {
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || (b < 0x80 && keeps.Contains(c, StringComparison.Ordinal)))
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
