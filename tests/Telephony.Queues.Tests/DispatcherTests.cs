using Telephony.Queues.Agents;
using Telephony.Queues.Routing;
using static Telephony.Queues.Tests.Situation;

namespace Telephony.Queues.Tests;

/// <summary>Agents in several queues: offered by queue priority, then caller wait; never two callers on one agent in a round.</summary>
public class DispatcherTests
{
    private static readonly QueueDefinition SalesQueue = new(Sales, StrategyKind.LongestIdle, Priority: 1);
    private static readonly QueueDefinition Support = new("support", StrategyKind.LongestIdle, Priority: 5);
    private static readonly QueueDefinition Billing = new("billing", StrategyKind.LongestIdle, Priority: 1);

    private static List<AgentView> InQueues(params string[] queues) =>
        [.. Team().Select(a => a with { Definition = a.Definition with { Queues = [.. queues.Select(q => new QueueMembership(q))] } })];

    [Test]
    public void The_higher_priority_queue_gets_the_best_agent_even_when_its_caller_waited_less()
    {
        var agents = InQueues(Sales, "support");
        var salesCaller = new QueueCaller("s1", Sales, "+15550001", Now.AddSeconds(-120));
        var supportCaller = new QueueCaller("p1", "support", "+15550002", Now.AddSeconds(-10));

        var plan = QueueDispatcher.Plan([SalesQueue, Support], [salesCaller, supportCaller], agents, Now, new RoundRobinMemory(), new Random(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Select(d => d.Caller.Id), Is.EqualTo(new[] { "p1", "s1" }));
            Assert.That(plan.Select(d => d.Ringing.Single().Name), Is.EqualTo(new[] { "bob", "dave" }), "support (priority 5) takes bob; sales gets the next, dave");
        });
    }

    [Test]
    public void Between_queues_of_equal_priority_the_caller_who_waited_longest_goes_first()
    {
        var agents = InQueues(Sales, "billing");
        var plan = QueueDispatcher.Plan([SalesQueue, Billing],
            [new QueueCaller("s1", Sales, "+15550001", Now.AddSeconds(-10)), new QueueCaller("b1", "billing", "+15550002", Now.AddSeconds(-40))],
            agents, Now, new RoundRobinMemory(), new Random(1));

        Assert.That(plan.Select(d => (d.Caller.Id, d.Ringing.Single().Name)), Is.EqualTo(new[] { ("b1", "bob"), ("s1", "dave") }));
    }

    [Test]
    public void More_callers_than_agents_wait_and_no_agent_is_given_two()
    {
        var callers = Enumerable.Range(0, 10).Select(i => new QueueCaller($"c{i}", Sales, $"+1555000{i}", Now.AddSeconds(-100 + i))).ToList();
        var plan = QueueDispatcher.Plan([SalesQueue], callers, Team(), Now, new RoundRobinMemory(), new Random(1));

        var offered = plan.SelectMany(d => d.Ringing).Select(a => a.Name).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(offered, Is.Unique);
            Assert.That(offered, Has.Count.EqualTo(4), "four available agents");
            Assert.That(plan.Select(d => d.Caller.Id), Is.EqualTo(new[] { "c0", "c1", "c2", "c3" }), "the four longest-waiting callers get them; the others wait (not in the plan)");
            Assert.That(plan.All(d => d.Ringing.Count == 1), Is.True);
        });
    }

    [Test]
    public void With_no_free_agent_the_round_offers_nothing()
    {
        var busy = Team().Select(a => a with { Facts = a.Facts with { Engagement = new AgentEngagement(Sales, "other", true, Now) } }).ToList();
        var callers = Enumerable.Range(0, 3).Select(i => new QueueCaller($"c{i}", Sales, $"+1555000{i}", Now.AddSeconds(-i))).ToList();

        Assert.That(QueueDispatcher.Plan([SalesQueue], callers, busy, Now, new RoundRobinMemory(), new Random(1)), Is.Empty);
    }

    [Test]
    public void A_caller_no_free_agent_fits_does_not_stop_the_round_for_the_callers_behind()
    {
        // Only carol and dave are free; the longest-waiting caller needs spanish 9, which nobody has.
        var agents = Team().Where(a => a.Name is "carol" or "dave").ToList();
        var picky = new QueueCaller("picky", Sales, "+15550001", Now.AddSeconds(-300)) { RequiredSkills = new Dictionary<string, int> { ["spanish"] = 9 } };
        var plain = new QueueCaller("plain", Sales, "+15550002", Now.AddSeconds(-10));

        var plan = QueueDispatcher.Plan([SalesQueue], [picky, plain], agents, Now, new RoundRobinMemory(), new Random(1));

        Assert.That(plan.Select(d => d.Caller.Id), Is.EqualTo(new[] { "plain" }));
    }

    [Test]
    public void Ring_all_takes_every_agent_it_rings_out_of_the_round()
    {
        var ringAll = new QueueDefinition(Sales, StrategyKind.RingAll);
        var plan = QueueDispatcher.Plan([ringAll],
            [new QueueCaller("c1", Sales, "+15550001", Now.AddSeconds(-20)), new QueueCaller("c2", Sales, "+15550002", Now.AddSeconds(-10))],
            Team(), Now, new RoundRobinMemory(), new Random(1));

        Assert.Multiple(() =>
        {
            Assert.That(plan.Single().Caller.Id, Is.EqualTo("c1"));
            Assert.That(plan.Single().Ringing, Has.Count.EqualTo(4), "every free agent rings for the first caller; c2 waits");
        });
    }
}
