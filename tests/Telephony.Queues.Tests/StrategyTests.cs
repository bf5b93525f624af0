using Telephony.Queues.Routing;
using static Telephony.Queues.Tests.Situation;

namespace Telephony.Queues.Tests;

/// <summary>Each strategy's choice on the same situation (see <see cref="Situation"/>): erin (paused) and frank (wrap-up) are never offered.</summary>
public class StrategyTests
{
    [Test]
    public void Ring_all_rings_every_eligible_agent_at_once_in_tiebreak_order()
    {
        var decision = Decide(StrategyKind.RingAll);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Simultaneous, Is.True);
            Assert.That(Names(decision.Ringing), Is.EqualTo(new[] { "bob", "dave", "carol", "alice" }));
        });
    }

    [Test]
    public void Longest_idle_takes_the_agent_free_longest_and_breaks_the_tie_by_configuration_order()
    {
        var decision = Decide(StrategyKind.LongestIdle);

        Assert.Multiple(() =>
        {
            Assert.That(decision.Simultaneous, Is.False);
            Assert.That(Names(decision.Ringing), Is.EqualTo(new[] { "bob" }), "bob and dave idle 300 s each: bob is listed first");
            Assert.That(Names(decision.OfferTo), Is.EqualTo(new[] { "bob", "dave", "carol", "alice" }));
        });
    }

    [Test]
    public void Fewest_calls_counts_this_queues_answered_calls_and_ties_go_to_the_longest_idle()
    {
        Assert.That(Names(Decide(StrategyKind.FewestCalls).OfferTo), Is.EqualTo(new[] { "bob", "carol", "alice", "dave" }),
            "bob and carol have 2 calls each: bob has been idle 300 s, carol 120 s");
    }

    [Test]
    public void Least_talk_time_takes_the_agent_with_least_time_on_calls_today()
    {
        Assert.That(Names(Decide(StrategyKind.LeastTalkTime).OfferTo), Is.EqualTo(new[] { "dave", "carol", "alice", "bob" }));
    }

    [Test]
    public void Linear_always_takes_the_first_listed_eligible_agent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Names(Decide(StrategyKind.Linear).Ringing), Is.EqualTo(new[] { "alice" }));
            var aliceBusy = Team().Select(a => a.Name == "alice" ? a with { Facts = a.Facts with { PauseReason = "coffee" } } : a).ToList();
            Assert.That(Names(Decide(StrategyKind.Linear, agents: aliceBusy).Ringing), Is.EqualTo(new[] { "bob" }));
        });
    }

    [Test]
    public void Round_robin_goes_on_after_the_agent_offered_last_and_remembers_across_calls()
    {
        var memory = new RoundRobinMemory();
        var agents = Team();
        var chosen = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var decision = Decide(StrategyKind.RoundRobin, Caller($"c{i}"), memory, agents: agents);
            var agent = decision.Ringing.Single();
            memory.Offered(Sales, agent);
            chosen.Add(agent.Name);
        }

        Assert.That(chosen, Is.EqualTo(new[] { "alice", "bob", "carol", "dave", "alice", "bob" }), "erin and frank are skipped, the turn wraps round");
    }

    [Test]
    public void Round_robin_passes_the_turn_on_when_the_agent_offered_last_is_now_busy()
    {
        var memory = new RoundRobinMemory();
        var agents = Team();
        memory.Offered(Sales, agents.Single(a => a.Name == "carol"));
        var carolOnCall = agents.Select(a => a.Name == "carol"
            ? a with { Facts = a.Facts with { Engagement = new Agents.AgentEngagement(Sales, "x", true, Now) } }
            : a).ToList();

        Assert.That(Names(Decide(StrategyKind.RoundRobin, memory: memory, agents: carolOnCall).Ringing), Is.EqualTo(new[] { "dave" }));
    }

    [Test]
    public void Random_spreads_over_the_eligible_agents_and_repeats_with_the_same_seed()
    {
        string Pick(Random random, int i) => Decide(StrategyKind.Random, Caller($"c{i}"), random: random).Ringing.Single().Name;

        var first = Enumerable.Range(0, 2000).Select(i => Pick(new Random(7 + i), i)).ToList();
        var again = Enumerable.Range(0, 2000).Select(i => Pick(new Random(7 + i), i)).ToList();
        var counts = first.GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first), "the same seeds give the same choices");
            Assert.That(counts.Keys, Is.EquivalentTo(new[] { "alice", "bob", "carol", "dave" }), "never erin (paused) or frank (wrap-up)");
            Assert.That(counts.Values, Has.All.InRange(400, 600), "each of four agents about a quarter of 2,000 picks");
        });
    }

    [Test]
    public void Skills_based_takes_the_best_level_first_and_only_agents_at_the_minimum()
    {
        var billing5 = Caller() with { RequiredSkills = new Dictionary<string, int> { ["billing"] = 5 } };
        var bilingual = Caller() with { RequiredSkills = new Dictionary<string, int> { ["billing"] = 5, ["spanish"] = 3 } };

        Assert.Multiple(() =>
        {
            Assert.That(Names(Decide(StrategyKind.SkillsBased, billing5).OfferTo), Is.EqualTo(new[] { "bob", "carol" }),
                "alice (billing 3) and dave (none) are under the minimum; bob and carol tie at 8 and bob has been idle longer");
            Assert.That(Names(Decide(StrategyKind.SkillsBased, bilingual).OfferTo), Is.EqualTo(new[] { "carol" }));
        });
    }

    [Test]
    public void Skills_requirement_relaxes_as_the_caller_waits()
    {
        var queue = Queue(StrategyKind.SkillsBased) with
        {
            Relaxation = [new SkillRelaxation(TimeSpan.FromSeconds(30), 1), new SkillRelaxation(TimeSpan.FromSeconds(60), 6), new SkillRelaxation(TimeSpan.FromSeconds(90), 10)],
        };
        QueueCaller Waited(int seconds) => Caller(waited: TimeSpan.FromSeconds(seconds)) with { RequiredSkills = new Dictionary<string, int> { ["billing"] = 9 } };

        Assert.Multiple(() =>
        {
            var early = Decide(StrategyKind.SkillsBased, Waited(10), queue: queue);
            Assert.That(early.OfferTo, Is.Empty, "billing 9: only erin and frank have it, and they are paused and in wrap-up");
            Assert.That(early.Why, Does.Contain("no agent"));
            Assert.That(Names(Decide(StrategyKind.SkillsBased, Waited(30), queue: queue).OfferTo), Is.EqualTo(new[] { "bob", "carol" }), "at 30 s: billing 8");
            Assert.That(Names(Decide(StrategyKind.SkillsBased, Waited(60), queue: queue).OfferTo), Is.EqualTo(new[] { "bob", "carol", "alice" }), "at 60 s: billing 2");
            Assert.That(Names(Decide(StrategyKind.SkillsBased, Waited(90), queue: queue).OfferTo), Is.EqualTo(new[] { "bob", "carol", "alice", "dave" }),
                "at 90 s the skill is no longer required: everyone, best billing first, dave last with none");
        });
    }

    [Test]
    public void Familiar_customer_offers_the_last_agent_first_then_the_fallback_strategy()
    {
        var queue = Queue(StrategyKind.FamiliarCustomer) with { FamiliarFirstFor = TimeSpan.FromSeconds(20), FamiliarThen = StrategyKind.LongestIdle };
        QueueCaller Known(string agent, int waited, int daysAgo = 3) =>
            Caller(waited: TimeSpan.FromSeconds(waited)) with { LastAgent = new FamiliarAgent(agent, Now.AddDays(-daysAgo)) };

        Assert.Multiple(() =>
        {
            Assert.That(Names(Decide(StrategyKind.FamiliarCustomer, Known("carol", 5), queue: queue).Ringing), Is.EqualTo(new[] { "carol" }),
                "carol served this caller 3 days ago: she is offered before bob, who has been idle longer");
            Assert.That(Names(Decide(StrategyKind.FamiliarCustomer, Known("carol", 25), queue: queue).Ringing), Is.EqualTo(new[] { "bob" }),
                "after 20 s of waiting the fallback (longest idle) decides");
            Assert.That(Names(Decide(StrategyKind.FamiliarCustomer, Known("carol", 5, daysAgo: 40), queue: queue).Ringing), Is.EqualTo(new[] { "bob" }),
                "served 40 days ago: outside the 30-day window");

            var waitsForFrank = Decide(StrategyKind.FamiliarCustomer, Known("frank", 5), queue: queue);
            Assert.That(waitsForFrank.OfferTo, Is.Empty, "frank is in wrap-up for 30 s more: the caller waits for him");
            Assert.That(waitsForFrank.Why, Does.Contain("waiting for frank"));

            Assert.That(Names(Decide(StrategyKind.FamiliarCustomer, Known("erin", 5), queue: queue).Ringing), Is.EqualTo(new[] { "bob" }),
                "erin is paused, which may last: no waiting for her");
        });
    }

    [Test]
    public void A_lower_tier_is_offered_only_when_no_agent_of_a_better_tier_can_take_the_call()
    {
        var agents = Team().Select(a => a.Name is "bob" or "dave"
            ? a with { Definition = a.Definition with { Queues = [new Agents.QueueMembership(Sales, 2)] } }
            : a).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Names(Decide(StrategyKind.LongestIdle, agents: agents).OfferTo), Is.EqualTo(new[] { "carol", "alice" }), "tier 1 first, though bob and dave are idle longer");
            var tierOneBusy = agents.Select(a => a.Name is "carol" or "alice" ? a with { Facts = a.Facts with { PauseReason = "meeting" } } : a).ToList();
            Assert.That(Names(Decide(StrategyKind.LongestIdle, agents: tierOneBusy).OfferTo), Is.EqualTo(new[] { "bob", "dave" }));
        });
    }

    [Test]
    public void Agents_who_let_the_offer_go_are_tried_again_only_after_everyone_else()
    {
        var caller = Caller() with { Declined = new HashSet<string> { "bob" } };
        var everyoneDeclined = Caller() with { Declined = new HashSet<string> { "alice", "bob", "carol", "dave" } };

        Assert.Multiple(() =>
        {
            Assert.That(Names(Decide(StrategyKind.LongestIdle, caller).Ringing), Is.EqualTo(new[] { "dave" }));
            Assert.That(Names(Decide(StrategyKind.LongestIdle, everyoneDeclined).Ringing), Is.EqualTo(new[] { "bob" }), "all tried: start over rather than leave the caller waiting");
        });
    }
}
