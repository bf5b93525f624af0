using System.Globalization;
using Telephony.Queues.Agents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Telephony.Queues.Config;

/// <summary>Reads one entry of the queues file's <c>agents:</c> list into an <see cref="AgentAccount"/>.</summary>
internal static class AgentReader
{
    private static readonly string[] Fields = ["name", "sip_user", "password", "skills", "queues"];
    private static readonly string[] MembershipFields = ["queue", "tier"];

    /// <summary>The agent and, for each queue they name, where it was named (so an unknown queue is reported there); null when it has errors.</summary>
    public static (AgentAccount Account, IReadOnlyList<Mark> QueueMarks)? Read(YamlMappingNode map, Action<Mark, string> error)
    {
        var fields = new YamlFields(map, Fields, "agent", error);
        var bad = false;
        void Fail(Mark at, string message)
        {
            bad = true;
            fields.Error(at, message);
        }

        var name = fields.Text("name");
        if (!Names.IsValid(name))
        {
            Fail(fields.At("name"), $"each agent needs a 'name' of {Names.Rule} (the CLI and the API use it)");
        }

        var sipUser = fields.Text("sip_user");
        if (sipUser is null || sipUser.Length == 0 || sipUser.Any(c => char.IsWhiteSpace(c) || c is '@' or ':' or ';'))
        {
            Fail(fields.At("sip_user"), "each agent needs a 'sip_user': the user part their softphone registers as (no '@', ':' or spaces)");
        }

        var password = fields.Text("password");
        if (string.IsNullOrEmpty(password))
        {
            Fail(fields.At("password"), "each agent needs a 'password' for digest authentication of their softphone");
        }

        var skills = ReadSkills(fields, Fail);
        var (queues, marks) = ReadQueues(fields, Fail);
        if (bad || name is null || sipUser is null || password is null)
        {
            return null;
        }

        var definition = new AgentDefinition(name, sipUser, skills, queues);
        foreach (var problem in definition.Problems())
        {
            Fail(fields.Map.Start, problem);
        }

        return bad ? null : (new AgentAccount(definition, password), marks);
    }

    private static Dictionary<string, int> ReadSkills(YamlFields fields, Action<Mark, string> fail)
    {
        var skills = new Dictionary<string, int>(StringComparer.Ordinal);
        if (fields.Node("skills") is not { } node)
        {
            return skills;
        }

        if (node is not YamlMappingNode map)
        {
            fail(node.Start, "'skills' maps each skill to a level from 1 to 10: {billing: 7, spanish: 3}");
            return skills;
        }

        foreach (var (keyNode, valueNode) in map.Children)
        {
            var skill = (keyNode as YamlScalarNode)?.Value;
            if (!Names.IsValid(skill))
            {
                fail(keyNode.Start, $"a skill's name is {Names.Rule}");
                continue;
            }

            if (valueNode is not YamlScalarNode { Value: { } text }
                || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level)
                || level is < AgentDefinition.MinSkillLevel or > AgentDefinition.MaxSkillLevel)
            {
                fail(valueNode.Start, $"skill '{skill}' needs a level from {AgentDefinition.MinSkillLevel} (some) to {AgentDefinition.MaxSkillLevel} (expert)");
                continue;
            }

            skills[skill!] = level;
        }

        return skills;
    }

    private static (List<QueueMembership> Queues, List<Mark> Marks) ReadQueues(YamlFields fields, Action<Mark, string> fail)
    {
        var queues = new List<QueueMembership>();
        var marks = new List<Mark>();
        if (fields.Node("queues") is not { } node)
        {
            return (queues, marks);
        }

        if (node is not YamlSequenceNode list)
        {
            fail(node.Start, "'queues' is a list: - support  or  - {queue: sales, tier: 2}");
            return (queues, marks);
        }

        foreach (var item in list.Children)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { } queue } when Names.IsValid(queue):
                    queues.Add(new QueueMembership(queue));
                    marks.Add(item.Start);
                    break;
                case YamlMappingNode map:
                    var membership = new YamlFields(map, MembershipFields, "queue membership", fields.Error);
                    var queueName = membership.Text("queue");
                    var tier = membership.Integer("tier", 1, 100);
                    if (!Names.IsValid(queueName))
                    {
                        fail(membership.At("queue"), "a queue membership needs 'queue': the queue's name");
                    }
                    else if (tier is not null || !membership.Has("tier"))
                    {
                        queues.Add(new QueueMembership(queueName!, tier ?? 1));
                        marks.Add(membership.At("queue"));
                    }

                    break;
                default:
                    fail(item.Start, $"a queue membership is a queue's name ({Names.Rule}) or {{queue: NAME, tier: N}}");
                    break;
            }
        }

        return (queues, marks);
    }
}
