using System.Text.RegularExpressions;
using Telephony.Dialplan.Model;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>Reads <c>routes:</c>, the list deciding which flow serves a call.</summary>
internal static class RouteReader
{
    private static readonly string[] RouteFields = ["name", "did", "caller", "headers", "open", "closed", "when", "flow"];

    public static List<Route> Read(ParseContext context, StepReader steps, YamlNode? node, IReadOnlyDictionary<string, HoursWindow> hours)
    {
        var routes = new List<Route>();
        if (node is null || node is YamlScalarNode s && Fields.IsNull(s))
        {
            return routes;
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, "'routes' must be a list; each item starts with '- ' and names a 'flow:'");
            return routes;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                context.Error(item, "a route must be fields: did, caller, headers, open, closed, when, flow");
                continue;
            }

            var f = Fields.Read(context, map, "a route", RouteFields);
            var flow = f.Required("flow", ParseContext.At(map), "(the flow that serves matching calls)");
            foreach (var key in new[] { "open", "closed" })
            {
                if (f.Scalar(key) is { Value: { } window } windowNode && !hours.ContainsKey(window))
                {
                    context.Error(windowNode, $"no time window named '{window}' in 'hours:'{Diagnostics.Hints.Suggest(window, [.. hours.Keys])}");
                }
            }

            routes.Add(new Route
            {
                At = ParseContext.At(map),
                Name = f.Text("name"),
                Did = Patterns(context, steps, f, "did"),
                Caller = Patterns(context, steps, f, "caller"),
                Headers = Headers(context, steps, f),
                Open = f.Text("open"),
                Closed = f.Text("closed"),
                When = f.Scalar("when") is { } when ? context.ReadExpression(when) : null,
                FlowName = flow?.Value ?? string.Empty,
            });
        }

        return routes;
    }

    private static List<NumberPattern> Patterns(ParseContext context, StepReader steps, Fields f, string key)
    {
        var nodes = f.Node(key) switch
        {
            null => [],
            YamlSequenceNode list => list.Children.ToList(),
            var single => [single],
        };
        var patterns = new List<NumberPattern>();
        foreach (var node in nodes)
        {
            if (node is not YamlScalarNode { Value: { } text } scalar || Fields.IsNull(scalar))
            {
                context.Error(node, $"'{key}' must be a number, or a regex starting with '^' (or a list of them)");
                continue;
            }

            if (Pattern(steps, scalar, text) is { } pattern)
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    private static NumberPattern? Pattern(StepReader steps, YamlScalarNode node, string text)
    {
        if (!text.StartsWith('^'))
        {
            return new NumberPattern(text, null);
        }

        return steps.CompileRegex(node, 0, text) is { } regex ? new NumberPattern(text, regex) : null;
    }

    private static List<KeyValuePair<string, NumberPattern>> Headers(ParseContext context, StepReader steps, Fields f)
    {
        var result = new List<KeyValuePair<string, NumberPattern>>();
        switch (f.Node("headers"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    if (k is YamlScalarNode { Value: { } name } && v is YamlScalarNode { Value: { } text } value)
                    {
                        if (Pattern(steps, value, text) is { } pattern)
                        {
                            result.Add(new(name, pattern));
                        }
                    }
                    else
                    {
                        context.Error(v, "each entry of 'headers' is 'Header-Name: value' (a regex when it starts with '^')");
                    }
                }

                break;
            case var other:
                context.Error(other, "'headers' must map SIP header names to values, e.g. 'X-Customer-Tier: gold'");
                break;
        }

        return result;
    }
}
