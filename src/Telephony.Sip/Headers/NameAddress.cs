using System.Text;

namespace Telephony.Sip.Headers;

/// <summary>
/// A name-addr or addr-spec with header parameters, as in From, To, Contact, Route and
/// Record-Route (RFC 3261 §20.10, §25.1).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class NameAddress
{
    private NameAddress(string? displayName, string uri, List<KeyValuePair<string, string?>> parameters)
    {
        DisplayName = displayName;
        Uri = uri;
        Parameters = parameters;
    }

    /// <summary>The display name as written, including its quotes if it was quoted.</summary>
    public string? DisplayName { get; }

    /// <summary>The URI text between the angle brackets (or the bare addr-spec).</summary>
    public string Uri { get; }

    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; }

    public string? Tag => HeaderParameters.Get(Parameters, "tag");

    public SipUri? ParsedUri => SipUri.TryParse(Uri, out var u) ? u : null;

    public static NameAddress Create(string uri, string? displayName = null, string? tag = null)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        if (tag is not null)
        {
            parameters.Add(new("tag", tag));
        }

        return new NameAddress(displayName, uri, parameters);
    }

    /// <summary>True when the header value carries a tag parameter (outside the URI).</summary>
    public static bool HasTag(string headerValue) => TryParse(headerValue, out var v) && v.Tag is not null;

    /// <summary>
    /// Parses name-addr or addr-spec with header parameters, strictly by RFC 3261 §25.1: a display
    /// name is a quoted-string or tokens separated by whitespace; no whitespace just inside the
    /// angle brackets; an addr-spec whose URI holds '?' or ',' must be in angle brackets; no
    /// empty or non-token parameter names.
    /// </summary>
    public static bool TryParse(string? text, out NameAddress value)
    {
        value = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        string? display = null;
        ReadOnlySpan<char> afterUri;
        string uri;
        var lt = IndexOfUnquoted(span, '<');
        if (lt >= 0)
        {
            var name = span[..lt].Trim();
            if (!name.IsEmpty)
            {
                if (!IsDisplayName(name))
                {
                    return false;
                }

                display = name.ToString();
            }

            var gt = span[lt..].IndexOf('>');
            if (gt < 0)
            {
                return false;
            }

            var inner = span.Slice(lt + 1, gt - 1);
            if (inner.IsEmpty || char.IsWhiteSpace(inner[0]) || char.IsWhiteSpace(inner[^1]))
            {
                return false;
            }

            uri = inner.ToString();
            afterUri = span[(lt + gt + 1)..].Trim();
            if (!afterUri.IsEmpty && afterUri[0] != ';')
            {
                return false;
            }
        }
        else
        {
            // addr-spec form: parameters after the URI belong to the header, not the URI.
            var semi = span.IndexOf(';');
            uri = (semi < 0 ? span : span[..semi]).Trim().ToString();
            afterUri = semi < 0 ? default : span[semi..];
            if (uri.AsSpan().IndexOfAny(" \t\",?") >= 0)
            {
                return false;
            }
        }

        if (uri.Length == 0 || uri.IndexOf(':', StringComparison.Ordinal) <= 0)
        {
            return false;
        }

        if (!HeaderParameters.TryParseStrict(afterUri.IsEmpty ? default : afterUri[1..], out var parameters))
        {
            return false;
        }

        value = new NameAddress(display, uri, parameters);
        return true;
    }

    /// <summary>display-name = *(token LWS) / quoted-string.</summary>
    private static bool IsDisplayName(ReadOnlySpan<char> name)
    {
        if (name[0] == '"')
        {
            return QuotedStringLength(name) == name.Length;
        }

        foreach (var c in name)
        {
            if (!Messages.SipSyntax.IsTokenChar(c) && c is not (' ' or '\t'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Length of the quoted-string starting at text[0], or -1 if it is not terminated.</summary>
    private static int QuotedStringLength(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
        }

        return -1;
    }

    /// <summary>A copy with the tag parameter set (used to add our tag to To).</summary>
    public NameAddress WithTag(string tag)
    {
        var parameters = Parameters.Where(p => !string.Equals(p.Key, "tag", StringComparison.OrdinalIgnoreCase)).ToList();
        parameters.Add(new("tag", tag));
        return new NameAddress(DisplayName, Uri, parameters);
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        if (DisplayName is not null)
        {
            sb.Append(DisplayName).Append(' ');
        }

        sb.Append('<').Append(Uri).Append('>');
        HeaderParameters.Write(sb, Parameters);
        return sb.ToString();
    }

    private static int IndexOfUnquoted(ReadOnlySpan<char> s, char c)
    {
        var quoted = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (quoted && s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && s[i] == c)
            {
                return i;
            }
        }

        return -1;
    }
}
