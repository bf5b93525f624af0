using Telephony.Dialplan.Expressions;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>Readers of the steps that reach outside the call: http (webhooks) and transfer.</summary>
internal sealed partial class StepReader
{
    private static readonly Dictionary<string, string> Methods = new(StringComparer.Ordinal)
    {
        ["GET"] = "GET",
        ["POST"] = "POST",
        ["PUT"] = "PUT",
        ["PATCH"] = "PATCH",
        ["DELETE"] = "DELETE",
    };

    private static readonly Dictionary<string, TransferMode> Modes = new(StringComparer.Ordinal)
    {
        ["bridge"] = TransferMode.Bridge,
        ["refer"] = TransferMode.Refer,
        ["blind"] = TransferMode.Refer, // the API's name for REFER (api-contract: mode bridge|blind)
    };

    private HttpStep? Http(StepHeader h, Fields f)
    {
        Template? url = null;
        if (h.Value is YamlScalarNode scalar)
        {
            url = _context.ReadTemplate(scalar, url: true);
            // A URL that starts with an insertion (${api}/...) is checked when the call runs.
            var head = url is { Parts.Count: > 0 } ? url.Parts[0] as TextPart : null;
            if (url is { Parts.Count: 0 } || head is not null && !(head.Text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || head.Text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
            {
                _context.Error(scalar, $"'http' needs a URL starting with http:// or https:// (got '{scalar.Value}')");
            }
            else if (url?.Constant is { } fixedUrl && (!Uri.TryCreate(fixedUrl, UriKind.Absolute, out var uri) || uri.Host.Length == 0))
            {
                _context.Error(scalar, $"'{fixedUrl}' is not a valid URL");
            }
        }
        else
        {
            _context.Error(h.Value ?? h.KindKey, "'http' needs a URL, e.g. 'http: https://api.example.com/balance?account=${account}'");
        }

        var body = f.Node("body") is { } bodyNode ? Body(bodyNode) : null;
        var method = f.Choice("method", body is null ? "GET" : "POST", Methods);
        if (method == "GET" && body is not null)
        {
            _context.Error(f.KeyNode("body")!, "a GET request has no body; use 'method: POST' (the default when there is a body)");
        }

        var fallback = ReadBranch(f, "fallback");
        f.Missing("fallback", h.At, "'http' needs 'fallback:', where to go when the webhook fails or times out (a step name or a list of steps)");

        // Everything is read (and its variables recorded) even when the step is unusable, so one mistake gives one message.
        var headers = TemplateMap(f, "headers");
        var timeout = f.Duration("timeout", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        var map = ResponseMap(f);
        return url is null || fallback is null
            ? null
            : new HttpStep
            {
                Kind = h.Kind,
                Name = h.Name,
                At = h.At,
                Url = url,
                Method = method,
                Headers = headers,
                Body = body,
                Timeout = timeout,
                Map = map,
                Fallback = fallback,
            };
    }

    private List<KeyValuePair<string, Template>> TemplateMap(Fields f, string key)
    {
        var result = new List<KeyValuePair<string, Template>>();
        switch (f.Node(key))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode value && _context.ReadTemplate(value) is { } template)
                    {
                        result.Add(new(name, template));
                    }
                    else if (v is not YamlScalarNode)
                    {
                        _context.Error(v, $"each entry of '{key}' must be 'Name: value'");
                    }
                }

                break;
            case var other:
                _context.Error(other, $"'{key}' must be a mapping of names to values");
                break;
        }

        return result;
    }

    /// <summary>The JSON body written as YAML: mappings become objects, lists arrays, text is a template.</summary>
    private BodyValue? Body(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var members = new List<KeyValuePair<string, BodyValue>>();
                foreach (var (k, v) in map.Children)
                {
                    if (k is YamlScalarNode { Value: { } name } && Body(v) is { } value)
                    {
                        members.Add(new(name, value));
                    }
                }

                return new BodyObject(members);
            case YamlSequenceNode list:
                return new BodyArray([.. list.Children.Select(Body).OfType<BodyValue>()]);
            case YamlScalarNode scalar:
                var typed = scalar.Style == ScalarStyle.Plain && (Fields.IsNull(scalar) || scalar.Value is "true" or "false" || decimal.TryParse(scalar.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
                return _context.ReadTemplate(scalar) is { } template ? new BodyScalar(template, typed) : null;
            default:
                return null;
        }
    }

    private List<ResponseMapping> ResponseMap(Fields f)
    {
        var result = new List<ResponseMapping>();
        switch (f.Node("map"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var variable = AssignedVariable(k, "a key of 'map' must be a variable name");
                    if (v is not YamlScalarNode { Value: { } path } pathNode || Fields.IsNull(pathNode))
                    {
                        _context.Error(v, "each entry of 'map' is 'variable: field.path' (a field of the JSON response)");
                        continue;
                    }

                    if (JsonPathError(path) is { } error)
                    {
                        _context.ExpressionError(pathNode, error.Offset, "invalid response path: " + error.Message);
                    }
                    else if (variable is not null)
                    {
                        result.Add(new ResponseMapping(variable, path, ParseContext.At(k)));
                    }
                }

                break;
            case var other:
                _context.Error(other, "'map' must be a mapping of variable names to response fields, e.g. 'balance: account.balance'");
                break;
        }

        return result;
    }

    /// <summary>Checks a response path: names separated by dots, each optionally followed by [index].</summary>
    private static ExpressionError? JsonPathError(string path)
    {
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < path.Length && (char.IsAsciiLetterOrDigit(path[i]) || path[i] is '_' or '-'))
            {
                i++;
            }

            if (i == start)
            {
                return new ExpressionError(i, i < path.Length ? $"unexpected '{path[i]}'; a field name was expected" : "a field name is missing at the end");
            }

            while (i < path.Length && path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || close == i + 1 || !path[(i + 1)..close].All(char.IsAsciiDigit))
                {
                    return new ExpressionError(i, "an index must be a number in brackets, like items[0]");
                }

                i = close + 1;
            }

            if (i == path.Length)
            {
                return null;
            }

            if (path[i] != '.')
            {
                return new ExpressionError(i, $"unexpected '{path[i]}'; fields are separated by '.'");
            }

            i++;
        }
    }

    private TransferStep? Transfer(StepHeader h, Fields f)
    {
        if (h.Value is not YamlScalarNode scalar || _context.ReadTemplate(scalar) is not { } target)
        {
            if (h.Value is not YamlScalarNode)
            {
                _context.Error(h.Value ?? h.KindKey, "'transfer' needs a target: queue:NAME, a sip: URI or a phone number like +442071234567");
            }

            return null;
        }

        var kind = target.Constant is { } text ? TargetKind(scalar, text) : null;
        var mode = f.Choice("mode", TransferMode.Bridge, Modes);
        if (kind == TransferTargetKind.Queue && f.Has("mode"))
        {
            _context.Error(f.KeyNode("mode")!, "'mode' does not apply to a queue: the queue decides how agents are reached");
        }

        return new TransferStep
        {
            Kind = h.Kind,
            Name = h.Name,
            At = h.At,
            Target = target,
            TargetKind = kind,
            Mode = mode,
            Timeout = f.Duration("timeout", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            CallerId = f.Template("caller_id"),
            Fallback = ReadBranch(f, "fallback"),
        };
    }

    private TransferTargetKind? TargetKind(YamlScalarNode node, string text)
    {
        if (text.StartsWith("queue:", StringComparison.Ordinal))
        {
            if (!IsName(text[6..]))
            {
                _context.ExpressionError(node, 6, "a queue name must start with a letter and hold only letters, digits, '-' and '_'");
            }

            return TransferTargetKind.Queue;
        }

        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("sips:", StringComparison.OrdinalIgnoreCase))
        {
            var rest = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (rest.Length == 0 || rest.Any(char.IsWhiteSpace) || rest.StartsWith('@') || rest.EndsWith('@'))
            {
                _context.Error(node, $"'{text}' is not a SIP URI; write sip:user@host[:port]");
            }

            return TransferTargetKind.SipUri;
        }

        var number = text.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        var digits = number.StartsWith('+') ? number[1..] : number;
        if (digits.Length is < 2 or > 20 || !digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
        {
            _context.Error(node, $"transfer target '{text}' is not queue:NAME, a sip: URI or a phone number (digits, optionally starting with +)");
            return null;
        }

        return TransferTargetKind.Number;
    }
}
