using Telephony.Queues.Config;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Tests;

/// <summary>The queues file: what it defines, and every mistake named at its line and column with a hint.</summary>
public class QueuesFileTests
{
    [Test]
    public void The_sample_defines_its_queues_and_agents_in_file_order()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "queues.yaml");
        var (config, errors) = QueuesFile.Parse(path, File.ReadAllText(path));

        Assert.That(errors, Is.Empty);
        Assert.That(config.Queues.Select(q => q.Name), Is.EqualTo(new[] { "support", "sales" }));
        var support = config.Queues[0];
        Assert.Multiple(() =>
        {
            Assert.That(support.Strategy, Is.EqualTo(StrategyKind.SkillsBased));
            Assert.That(support.Priority, Is.EqualTo(10));
            Assert.That(support.AgentTimeout, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(support.WrapUp, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(support.Relaxation, Is.EqualTo(new[] { new SkillRelaxation(TimeSpan.FromSeconds(30), 2), new SkillRelaxation(TimeSpan.FromSeconds(90), 10) }));
            Assert.That(config.Queues[1].FamiliarWithin, Is.EqualTo(TimeSpan.FromDays(30)));
            Assert.That(config.Queues[1].FamiliarFirstFor, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(config.Queues[1].FamiliarThen, Is.EqualTo(StrategyKind.RoundRobin));
            Assert.That(support.Delivery, Is.EqualTo(DeliveryKind.Bridge));
            Assert.That(config.Queues[1].Delivery, Is.EqualTo(DeliveryKind.Refer));
        });

        Assert.That(config.Agents.Select(a => a.Definition.Name), Is.EqualTo(new[] { "alice", "bob", "carol" }));
        var alice = config.Agents[0];
        Assert.Multiple(() =>
        {
            Assert.That(alice.Definition.SipUser, Is.EqualTo("1001"));
            Assert.That(alice.Password, Is.EqualTo("change-me-1001"));
            Assert.That(alice.Definition.LevelOf("billing"), Is.EqualTo(8));
            Assert.That(alice.Definition.MembershipOf("support")?.Tier, Is.EqualTo(1));
            Assert.That(alice.Definition.MembershipOf("sales")?.Tier, Is.EqualTo(2));
            Assert.That(config.Agents[2].Definition.MembershipOf("sales")?.Tier, Is.EqualTo(1));
        });
    }

    [Test]
    public void Defaults_apply_where_a_queue_says_nothing()
    {
        var (config, errors) = Parse("queues:\n  - name: q\n");
        Assert.That(errors, Is.Empty);
        var defaults = new QueueDefinition("q", StrategyKind.LongestIdle);
        Assert.That(config.Queues.Single(), Is.EqualTo(defaults with { Relaxation = config.Queues.Single().Relaxation }));
        Assert.That(config.Queues.Single().Relaxation, Is.Empty);
        Assert.That(config.Queues.Single().Delivery, Is.EqualTo(DeliveryKind.Bridge), "bridge unless the file says refer");
        Assert.That(config.Agents, Is.Empty);
    }

    [TestCase("queues:\n  - name: q\n    stratgy: linear\n", "q.yaml:3:5: error: unknown queue field 'stratgy' (did you mean 'strategy'?")]
    [TestCase("queues:\n  - name: q\n    strategy: fastest\n", "q.yaml:3:15: error: unknown strategy 'fastest' (strategies: ring-all, round-robin,")]
    [TestCase("queues:\n  - name: q\n    delivery: transfer\n", "q.yaml:3:15: error: unknown delivery 'transfer' (deliveries: bridge, refer)")]
    [TestCase("queues:\n  - name: q\n    delivry: refer\n", "q.yaml:3:5: error: unknown queue field 'delivry' (did you mean 'delivery'?")]
    [TestCase("queues:\n  - name: q\n    wrap_up: soon\n", "q.yaml:3:14: error: 'wrap_up' must be a duration like 500ms, 15s, 2m, 1h or 30d (got 'soon')")]
    [TestCase("queues:\n  - name: q\n    agent_timeout: 0s\n", "q.yaml:2:5: error: queue 'q': agent_timeout must be more than 0")]
    [TestCase("queues:\n  - name: q\n    priority: high\n", "q.yaml:3:15: error: 'priority' must be a whole number from -1000 to 1000 (got 'high')")]
    [TestCase("queues:\n  - name: q w\n", "q.yaml:2:11: error: each queue needs a 'name' of 1 to 64 letters")]
    [TestCase("queues:\n  - name: q\n  - name: q\n", "q.yaml:3:5: error: queue name 'q' is used twice")]
    [TestCase("queues:\n  - name: q\n    familiar: {within: 3d}\n", "q.yaml:3:15: error: 'familiar' sets the familiar-customer strategy; this queue's strategy is longest-idle")]
    [TestCase("queues:\n  - name: q\n    strategy: familiar-customer\n    familiar: {then: familiar-customer}\n", "q.yaml:2:5: error: queue 'q': familiar customer needs another strategy")]
    [TestCase("queues:\n  - name: q\n    relax:\n      - {after: 60s, lower_by: 1}\n      - {after: 30s, lower_by: 1}\n", "q.yaml:5:17: error: relax steps go in order of wait: 30s is not after 60s")]
    [TestCase("queues:\n  - name: q\n    relax:\n      - {after: 60s}\n", "q.yaml:4:9: error: a relax step needs both 'after' (the caller's wait) and 'lower_by' (levels)")]
    [TestCase("queues:\n  - name: q\n    relax:\n      - {after: 60s, lower_by: 0}\n", "q.yaml:4:32: error: 'lower_by' must be a whole number from 1 to 10 (got '0')")]
    [TestCase("queues: support\n", "q.yaml:1:9: error: 'queues' must be a list of queues")]
    [TestCase("queue:\n  - name: q\n", "q.yaml:1:1: error: unknown top-level field 'queue' (did you mean 'queues'?")]
    [TestCase("queues:\n  - name: [q\n", "q.yaml:3:1: error: not valid YAML:")]
    public void A_bad_queue_is_named_at_its_line_and_column(string text, string expected)
    {
        var (config, errors) = Parse(text);
        Assert.That(errors, Has.Some.StartsWith(expected), string.Join("\n", errors));
        Assert.That(config.Queues, Is.Empty, "a file with errors defines nothing");
    }

    private const string Queue = "queues:\n  - name: support\n";

    [TestCase("agents:\n  - name: a\n    password: p\n", "q.yaml:2:5: error: each agent needs a 'sip_user'")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1001'\n", "q.yaml:2:5: error: each agent needs a 'password'")]
    [TestCase("agents:\n  - name: a\n    sip_user: 1001@pbx\n    password: p\n", "q.yaml:3:15: error: each agent needs a 'sip_user': the user part")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n    skills: {billing: 11}\n", "q.yaml:5:23: error: skill 'billing' needs a level from 1 (some) to 10 (expert)")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n    skills: [billing]\n", "q.yaml:5:13: error: 'skills' maps each skill to a level")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n    queues: [support, sales]\n", "q.yaml:5:23: error: agent 'a' answers queue 'sales', which is not defined (queues: support)")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n    queues: [support, support]\n", "q.yaml:2:5: error: agent 'a' is a member of queue 'support' twice")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n    queues: [{queue: support, tier: 0}]\n", "q.yaml:5:37: error: 'tier' must be a whole number from 1 to 100 (got '0')")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n  - name: a\n    sip_user: '2'\n    password: p\n", "q.yaml:5:5: error: agent name 'a' is used twice")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    password: p\n  - name: b\n    sip_user: '1'\n    password: p\n", "q.yaml:5:5: error: agents 'a' and 'b' share SIP user '1'")]
    [TestCase("agents:\n  - name: a\n    sip_user: '1'\n    pasword: p\n", "q.yaml:4:5: error: unknown agent field 'pasword' (did you mean 'password'?")]
    public void A_bad_agent_is_named_at_its_line_and_column(string agents, string expected)
    {
        var (config, errors) = Parse(Queue + agents);
        Assert.That(errors, Has.Some.StartsWith(Shift(expected)), string.Join("\n", errors));
        Assert.That(config.Agents, Is.Empty);
    }

    [Test]
    public void Every_mistake_of_a_file_is_reported_at_once()
    {
        var (_, errors) = Parse("queues:\n  - name: q\n    wrap_up: soon\n    strategy: fastest\nagents:\n  - name: a\n");
        Assert.That(errors, Has.Count.EqualTo(4), string.Join("\n", errors)); // wrap_up, strategy, sip_user, password
    }

    private static (QueuesConfig Config, IReadOnlyList<string> Errors) Parse(string text) => QueuesFile.Parse("q.yaml", text);

    /// <summary>The agent cases are written as if the agents list began the file; the queue line before it moves them down two lines.</summary>
    private static string Shift(string expected)
    {
        var parts = expected.Split(':', 3);
        return $"{parts[0]}:{int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 2}:{parts[2]}";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telephony.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Telephony.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
