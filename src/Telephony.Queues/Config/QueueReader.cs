using Telephony.Queues.Routing;
using YamlDotNet.RepresentationModel;

namespace Telephony.Queues.Config;

/// <summary>Reads one entry of the queues file's <c>queues:</c> list into a <see cref="QueueDefinition"/>.</summary>
internal static class QueueReader
{
    private static readonly string[] Fields = ["name", "strategy", "priority", "agent_timeout", "wrap_up", "delivery", "relax", "familiar", "service_level", "service_level_target", "short_abandon"];
    private static readonly string[] RelaxFields = ["after", "lower_by"];
    private static readonly string[] FamiliarFields = ["within", "first_for", "then"];

    /// <summary>The queue, or null when it has errors (reported through <paramref name="fields"/>' sink).</summary>
    public static QueueDefinition? Read(YamlMappingNode map, Action<YamlDotNet.Core.Mark, string> error)
    {
        var fields = new YamlFields(map, Fields, "queue", error);
        var bad = false;
        void Fail(YamlDotNet.Core.Mark at, string message)
        {
            bad = true;
            fields.Error(at, message);
        }

        var name = fields.Text("name");
        if (!Names.IsValid(name))
        {
            Fail(fields.At("name"), $"each queue needs a 'name' of {Names.Rule} (dialplans send callers to queue:NAME)");
        }

        var strategy = StrategyKind.LongestIdle;
        if (fields.Text("strategy") is { } strategyText && !StrategyNames.TryParse(strategyText, out strategy))
        {
            Fail(fields.At("strategy"), $"unknown strategy '{strategyText}' (strategies: {string.Join(", ", StrategyNames.Names)})");
        }

        var delivery = DeliveryKind.Bridge;
        if (fields.Text("delivery") is { } deliveryText && !DeliveryNames.TryParse(deliveryText, out delivery))
        {
            Fail(fields.At("delivery"), $"unknown delivery '{deliveryText}' (deliveries: {string.Join(", ", DeliveryNames.Names)})");
        }

        var priority = fields.Integer("priority", -1000, 1000);
        var agentTimeout = fields.Duration("agent_timeout");
        var wrapUp = fields.Duration("wrap_up");
        var serviceLevel = fields.Duration("service_level");
        var target = fields.Integer("service_level_target", 1, 99);
        var shortAbandon = fields.Duration("short_abandon");
        var relaxation = ReadRelaxation(fields, Fail);
        var (within, firstFor, then) = ReadFamiliar(fields, strategy, Fail);

        if (bad || name is null || (fields.Has("priority") && priority is null)
            || (fields.Has("agent_timeout") && agentTimeout is null) || (fields.Has("wrap_up") && wrapUp is null)
            || (fields.Has("service_level") && serviceLevel is null) || (fields.Has("service_level_target") && target is null)
            || (fields.Has("short_abandon") && shortAbandon is null))
        {
            return null;
        }

        var defaults = new QueueDefinition(name, strategy);
        var queue = defaults with
        {
            Priority = priority ?? defaults.Priority,
            AgentTimeout = agentTimeout ?? defaults.AgentTimeout,
            WrapUp = wrapUp ?? defaults.WrapUp,
            Delivery = delivery,
            Relaxation = relaxation,
            FamiliarWithin = within ?? defaults.FamiliarWithin,
            FamiliarFirstFor = firstFor ?? defaults.FamiliarFirstFor,
            FamiliarThen = then ?? defaults.FamiliarThen,
            ServiceLevelWithin = serviceLevel ?? defaults.ServiceLevelWithin,
            ServiceLevelTarget = target is { } percent ? percent / 100.0 : defaults.ServiceLevelTarget,
            ShortAbandon = shortAbandon ?? defaults.ShortAbandon,
        };
        foreach (var problem in queue.Problems())
        {
            Fail(fields.Map.Start, problem);
        }

        return bad ? null : queue;
    }

    private static List<SkillRelaxation> ReadRelaxation(YamlFields fields, Action<YamlDotNet.Core.Mark, string> fail)
    {
        if (fields.Node("relax") is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            fail(node.Start, "'relax' is a list of steps: - {after: 30s, lower_by: 2}");
            return [];
        }

        var steps = new List<SkillRelaxation>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                fail(item.Start, "a relax step is a mapping: {after: 30s, lower_by: 2}");
                continue;
            }

            var step = new YamlFields(map, RelaxFields, "relax step", fields.Error);
            var after = step.Duration("after");
            var lowerBy = step.Integer("lower_by", 1, Agents.AgentDefinition.MaxSkillLevel);
            if (after is null || lowerBy is null)
            {
                if (!step.Has("after") || !step.Has("lower_by"))
                {
                    fail(map.Start, "a relax step needs both 'after' (the caller's wait) and 'lower_by' (levels)");
                }

                continue;
            }

            if (steps.Count > 0 && after <= steps[^1].After)
            {
                fail(step.At("after"), $"relax steps go in order of wait: {after.Value.TotalSeconds:0.###}s is not after {steps[^1].After.TotalSeconds:0.###}s");
            }

            steps.Add(new SkillRelaxation(after.Value, lowerBy.Value));
        }

        return steps;
    }

    private static (TimeSpan? Within, TimeSpan? FirstFor, StrategyKind? Then) ReadFamiliar(YamlFields fields, StrategyKind strategy, Action<YamlDotNet.Core.Mark, string> fail)
    {
        if (fields.Node("familiar") is not { } node)
        {
            return (null, null, null);
        }

        if (strategy is not StrategyKind.FamiliarCustomer)
        {
            fail(node.Start, "'familiar' sets the familiar-customer strategy; this queue's strategy is " + StrategyNames.NameOf(strategy));
            return (null, null, null);
        }

        if (node is not YamlMappingNode map)
        {
            fail(node.Start, "'familiar' is a mapping: {within: 30d, first_for: 30s, then: longest-idle}");
            return (null, null, null);
        }

        var familiar = new YamlFields(map, FamiliarFields, "familiar", fields.Error);
        StrategyKind? then = null;
        if (familiar.Text("then") is { } thenText)
        {
            if (StrategyNames.TryParse(thenText, out var kind))
            {
                then = kind;
            }
            else
            {
                fail(familiar.At("then"), $"unknown strategy '{thenText}' (strategies: {string.Join(", ", StrategyNames.Names)})");
            }
        }

        return (familiar.Duration("within"), familiar.Duration("first_for"), then);
    }
}
