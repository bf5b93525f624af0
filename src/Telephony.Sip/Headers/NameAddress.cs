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
                if (name[0] == '"' && (name.Length < 2 || name[^1] != '"' || !QuotesBalanced(name)))
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

            uri = span.Slice(lt + 1, gt - 1).Trim().ToString();
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
            if (uri.AsSpan().IndexOfAny(" \t\"") >= 0)
            {
                return false;
            }
        }

        if (uri.Length == 0 || uri.IndexOf(':', StringComparison.Ordinal) <= 0)
        {
            return false;
        }

        var parameters = afterUri.IsEmpty ? [] : HeaderParameters.Parse(afterUri[1..]);
        value = new NameAddress(display, uri, parameters);
        return true;
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

    private static bool QuotesBalanced(ReadOnlySpan<char> quoted)
    {
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\')
            {
                i++;
            }
            else if (quoted[i] == '"')
            {
                return false;
            }
        }

        return quoted.Length >= 2 && quoted[^2] != '\\' || quoted.Length > 3 && quoted[^3] == '\\';
    }
}
