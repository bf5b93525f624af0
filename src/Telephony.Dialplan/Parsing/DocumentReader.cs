using Telephony.Dialplan.Expressions;
using Telephony.Dialplan.Model;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// Reads the top level of a dialplan file into a model. Checks that need the whole file (targets,
/// reachability, variables, prompt files) run afterwards, in the Validation folder.
/// </summary>
internal static class DocumentReader
{
    private static readonly string[] TopFields = ["dialplan", "description", "language", "voice", "timezone", "hours", "variables", "routes", "flows"];
    private static readonly string[] FlowFields = ["params", "steps"];

    public static DialplanModel? Read(ParseContext context, YamlMappingNode root, string file, string dialplanDirectory)
    {
        var f = Fields.Read(context, root, "the dialplan", TopFields);
        var steps = new StepReader(context, dialplanDirectory);
        var zone = f.Scalar("timezone") is { } zoneNode ? HoursReader.ReadTimeZone(context, zoneNode) ?? TimeZoneInfo.Utc : TimeZoneInfo.Utc;
        var language = f.Text("language") ?? "en-US";
        if (!PromptReader.LooksLikeLanguage(language))
        {
            context.Error(f.At("language"), $"'language' must be a language tag like en-US or fr-FR (got '{language}')");
        }

        var hours = HoursReader.Read(context, f.Node("hours"), zone);
        var variables = Variables(context, f.Node("variables"));
        var routes = RouteReader.Read(context, steps, f.Node("routes"), hours);
        var flows = Flows(context, steps, f, root);
        return new DialplanModel
        {
            File = file,
            Name = f.Text("dialplan") ?? Path.GetFileNameWithoutExtension(file),
            Description = f.Text("description"),
            Language = language,
            Voice = f.Text("voice"),
            TimeZone = zone,
            Hours = hours,
            Variables = variables,
            Routes = routes,
            Flows = flows,
        };
    }

    private static Dictionary<string, Template> Variables(ParseContext context, YamlNode? node)
    {
        var variables = new Dictionary<string, Template>(StringComparer.Ordinal);
        if (node is null or YamlScalarNode { Value: null or "" })
        {
            return variables;
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(node, "'variables' must map names to initial values, e.g. 'tries: 0'");
            return variables;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is not YamlScalarNode { Value: { } name } || !StepReader.IsVariableName(name) || BuiltinVariables.All.ContainsKey(name))
            {
                context.Error(k, $"'{(k as YamlScalarNode)?.Value}' cannot be a variable: use letters, digits and '_', not a built-in name");
                continue;
            }

            if (v is not YamlScalarNode scalar)
            {
                context.Error(v, $"the initial value of '{name}' must be text or a number");
                continue;
            }

            context.AssignedVariables.Add(name);
            if ((Fields.IsNull(scalar) ? Template.Literal(string.Empty) : context.ReadValueTemplate(scalar)) is { } value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }

    private static Dictionary<string, Flow> Flows(ParseContext context, StepReader steps, Fields top, YamlMappingNode root)
    {
        var flows = new Dictionary<string, Flow>(StringComparer.Ordinal);
        if (top.Node("flows") is not YamlMappingNode map || map.Children.Count == 0)
        {
            context.Error(top.Node("flows") ?? root, "a dialplan needs 'flows:', a mapping of flow names to their steps, e.g. 'flows: {main: [answer, hangup]}'");
            return flows;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } name } || !StepReader.IsName(name))
            {
                context.Error(keyNode, "a flow name must start with a letter and hold only letters, digits, '-' and '_'");
                continue;
            }

            var parameters = new List<FlowParameter>();
            YamlNode? body = value;
            if (value is YamlMappingNode flowMap)
            {
                var ff = Fields.Read(context, flowMap, $"flow '{name}'", FlowFields);
                parameters = Parameters(context, ff.Node("params"));
                body = ff.Node("steps");
                if (body is null)
                {
                    context.Error(keyNode, $"flow '{name}' needs 'steps:'");
                }
            }

            context.FlowParameters = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var brokenBefore = context.BrokenSteps;
            var list = body is null ? [] : steps.ReadBlock(body, $"flow '{name}'");
            if (context.BrokenSteps > brokenBefore)
            {
                context.FlowsWithBrokenSteps.Add(name);
            }

            context.BranchesOfBrokenSteps[name] = steps.TakeBranchesOfBrokenSteps();

            context.FlowParameters = new HashSet<string>();
            flows[name] = new Flow { Name = name, At = ParseContext.At(keyNode), Parameters = parameters, Steps = list };
        }

        return flows;
    }

    /// <summary>Parameters: '- name' (required) or '- name: default' (optional).</summary>
    private static List<FlowParameter> Parameters(ParseContext context, YamlNode? node)
    {
        var parameters = new List<FlowParameter>();
        if (node is null)
        {
            return parameters;
        }

        if (node is not YamlSequenceNode list)
        {
            context.Error(node, "'params' must be a list: '- name' for a required parameter, '- name: default' for an optional one");
            return parameters;
        }

        foreach (var item in list.Children)
        {
            var (keyNode, defaultNode) = item switch
            {
                YamlScalarNode s => (s, null),
                YamlMappingNode { Children.Count: 1 } m => (m.Children.Keys.First() as YamlScalarNode, m.Children.Values.First() as YamlScalarNode),
                _ => (null, null),
            };
            if (keyNode?.Value is not { } name || !StepReader.IsVariableName(name) || BuiltinVariables.All.ContainsKey(name))
            {
                context.Error(item, "a parameter is '- name' or '- name: default'; names use letters, digits and '_' and may not be built-in variables");
                continue;
            }

            if (parameters.Any(p => p.Name == name))
            {
                context.Error(item, $"parameter '{name}' is declared twice");
                continue;
            }

            var fallback = defaultNode is null ? null : Fields.IsNull(defaultNode) ? Template.Literal(string.Empty) : context.ReadTemplate(defaultNode);
            parameters.Add(new FlowParameter(name, fallback, ParseContext.At(item)));
        }

        return parameters;
    }
}
