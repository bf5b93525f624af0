using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Queues.Config;

/// <summary>
/// The queues file (YAML, <c>queues:</c> and <c>agents:</c> lists; docs/queues.md, "The queues
/// file"). Every mistake is reported as <c>FILE:LINE:COL: error: message</c>, all at once, so an
/// admin fixes the file in one pass; a file with any error defines nothing, because a queue
/// half understood routes callers wrongly.
/// </summary>
public static class QueuesFile
{
    private static readonly string[] TopLevel = ["queues", "agents"];

    /// <summary>Parses <paramref name="text"/> (named <paramref name="path"/> in errors): the definitions, or every error found.</summary>
    public static (QueuesConfig Config, IReadOnlyList<string> Errors) Parse(string path, string text)
    {
        var errors = new List<string>();
        void Error(Mark at, string message) => errors.Add($"{path}:{at.Line}:{at.Column}: error: {message}");

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            Error(e.Start, "not valid YAML: " + e.Message);
            return (QueuesConfig.Empty, errors);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents.Count > 0 ? stream.Documents[0].RootNode.Start : Mark.Empty, "expected a mapping with 'queues:' and 'agents:' lists");
            return (QueuesConfig.Empty, errors);
        }

        var top = new YamlFields(root, TopLevel, "top-level", Error);
        var queues = new List<Routing.QueueDefinition>();
        // Names of every queue entry, valid or not, so an agent pointing at a queue whose entry has
        // its own errors is not reported a second time as pointing at nothing.
        var declared = new List<string>();
        foreach (var map in Items(top, "queues", "queue", Error))
        {
            if (map.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode) && nameNode is YamlScalarNode { Value: { Length: > 0 } declaredName })
            {
                declared.Add(declaredName);
            }

            if (QueueReader.Read(map, Error) is { } queue)
            {
                if (queues.Any(q => q.Name == queue.Name))
                {
                    Error(map.Start, $"queue name '{queue.Name}' is used twice; names must be unique");
                }

                queues.Add(queue);
            }
        }

        var agents = new List<AgentAccount>();
        foreach (var map in Items(top, "agents", "agent", Error))
        {
            if (AgentReader.Read(map, Error) is not var (account, marks))
            {
                continue;
            }

            var agent = account.Definition;
            if (agents.FirstOrDefault(a => a.Definition.Name == agent.Name) is not null)
            {
                Error(map.Start, $"agent name '{agent.Name}' is used twice; names must be unique");
            }
            else if (agents.FirstOrDefault(a => a.Definition.SipUser == agent.SipUser) is { } other)
            {
                Error(map.Start, $"agents '{other.Definition.Name}' and '{agent.Name}' share SIP user '{agent.SipUser}'; each softphone registers as its own user");
            }

            for (var i = 0; i < agent.Queues.Count; i++)
            {
                if (!declared.Contains(agent.Queues[i].Queue))
                {
                    var known = declared.Count == 0 ? "none are defined" : "queues: " + string.Join(", ", declared.Distinct());
                    Error(marks[i], $"agent '{agent.Name}' answers queue '{agent.Queues[i].Queue}', which is not defined ({known})");
                }
            }

            agents.Add(account);
        }

        return errors.Count > 0 ? (QueuesConfig.Empty, errors) : (new QueuesConfig(queues, agents), errors);
    }

    private static IEnumerable<YamlMappingNode> Items(YamlFields top, string key, string what, Action<Mark, string> error)
    {
        if (top.Node(key) is not { } node)
        {
            yield break;
        }

        if (node is YamlScalarNode { Value: null or "" })
        {
            yield break;
        }

        if (node is not YamlSequenceNode list)
        {
            error(node.Start, $"'{key}' must be a list of {what}s (items start with '- ')");
            yield break;
        }

        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode map)
            {
                yield return map;
            }
            else
            {
                error(item.Start, $"a {what} must be a mapping of fields (name:, ...)");
            }
        }
    }
}
