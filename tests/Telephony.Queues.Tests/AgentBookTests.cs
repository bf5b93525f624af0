using Microsoft.Extensions.Time.Testing;
using Telephony.Queues.Agents;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Tests;

/// <summary>Agent status follows the facts: wrap-up ends by time, nothing double-books, a stale end cannot clear a new offer.</summary>
public class AgentBookTests
{
    private FakeTimeProvider _time = null!;
    private AgentBook _book = null!;
    private static readonly QueueDefinition Sales = new("sales", StrategyKind.LongestIdle) { WrapUp = TimeSpan.FromSeconds(30) };
    private static readonly QueueDefinition Support = new("support", StrategyKind.LongestIdle) { WrapUp = TimeSpan.Zero };

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        _book = new AgentBook([new AgentDefinition("alice", "1001", new Dictionary<string, int>(), [new QueueMembership("sales"), new QueueMembership("support")])], _time);
    }

    [Test]
    public void Logged_in_without_a_registered_softphone_is_offline_and_explained_so()
    {
        _book.Login("alice");

        Assert.Multiple(() =>
        {
            Assert.That(_book.StatusOf("alice"), Is.EqualTo(AgentStatus.Offline));
            Assert.That(Eligibility.HoldBacks(_book.View("alice")!, Sales, null, _time.GetUtcNow()).Select(h => h.Code), Is.EqualTo(new[] { "not-registered" }));
        });

        _book.Registration("1001", registered: true);
        Assert.That(_book.StatusOf("alice"), Is.EqualTo(AgentStatus.Available));
        _book.Registration("1001", registered: false);
        Assert.That(_book.StatusOf("alice"), Is.EqualTo(AgentStatus.Offline), "a dropped registration makes the agent unavailable");
    }

    [Test]
    public void A_call_goes_ringing_on_call_wrap_up_available_and_every_step_is_an_event_with_its_cause()
    {
        var events = new List<AgentEvent?>
        {
            _book.Login("alice"),
            _book.Registration("1001", true).Single(),
            _book.Offer("alice", "sales", "c1"),
            _book.Answered("alice", "c1"),
        };
        _time.Advance(TimeSpan.FromMinutes(3));
        events.Add(_book.CallEnded("alice", "c1", Sales.WrapUp));
        _time.Advance(TimeSpan.FromSeconds(29));
        var early = _book.Tick();
        _time.Advance(TimeSpan.FromSeconds(1));
        var over = _book.Tick();
        var again = _book.Tick();

        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => (e!.To, e.Cause)), Is.EqualTo(new[]
            {
                (AgentStatus.Offline, "login"), (AgentStatus.Available, "registered"), (AgentStatus.Ringing, "offered"),
                (AgentStatus.OnCall, "answered"), (AgentStatus.WrapUp, "call-ended"),
            }));
            Assert.That(early, Is.Empty, "29 s of a 30 s wrap-up");
            Assert.That(over.Select(e => (e.From, e.To, e.Cause)), Is.EqualTo(new[] { (AgentStatus.WrapUp, AgentStatus.Available, "wrap-up-over") }));
            Assert.That(again, Is.Empty, "reported once");
            Assert.That(_book.View("alice")!.Facts.TalkTimeToday, Is.EqualTo(TimeSpan.FromMinutes(3)));
            Assert.That(_book.View("alice")!.Facts.AnsweredTodayIn("sales"), Is.EqualTo(1));
        });
    }

    [Test]
    public void Wrap_up_of_one_queue_holds_the_agent_back_from_the_other_queues_too()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");
        _book.Answered("alice", "c1");
        _book.CallEnded("alice", "c1", Sales.WrapUp);
        _time.Advance(TimeSpan.FromSeconds(10));

        var supportCaller = new QueueCaller("s1", "support", "+15550001", _time.GetUtcNow());
        var decision = QueueRouter.Decide(Support, supportCaller, _book.Views(), _time.GetUtcNow(), new RoundRobinMemory(), new Random(1));
        var why = Eligibility.HoldBacks(_book.View("alice")!, Support, supportCaller, _time.GetUtcNow()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(decision.OfferTo, Is.Empty, "support has no wrap-up of its own, but alice's sales wrap-up still runs");
            Assert.That(why.Code, Is.EqualTo("wrap-up"));
            Assert.That(why.Text, Does.Contain("queue 'sales' until 2026-12-04 09:00:30Z"));
            Assert.That(why.Until, Is.EqualTo(new DateTimeOffset(2026, 12, 4, 9, 0, 30, TimeSpan.Zero)));
        });
    }

    [Test]
    public void A_second_offer_to_an_engaged_agent_is_refused()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");

        Assert.That(() => _book.Offer("alice", "support", "c2"), Throws.InvalidOperationException.With.Message.Contains("already engaged by caller 'c1'"));
    }

    [Test]
    public void An_end_for_an_old_offer_does_not_free_the_agent_from_a_new_one()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");
        _book.OfferEnded("alice", "c1", "no-answer");
        _book.Offer("alice", "sales", "c2");

        var stale = _book.OfferEnded("alice", "c1", "cancelled");

        Assert.Multiple(() =>
        {
            Assert.That(stale, Is.Null, "c1's offer was over already");
            Assert.That(_book.StatusOf("alice"), Is.EqualTo(AgentStatus.Ringing));
        });
    }

    [Test]
    public void A_pause_asked_for_during_a_call_takes_effect_when_the_call_ends()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");
        _book.Answered("alice", "c1");
        var paused = _book.Pause("alice", "break");
        var ended = _book.CallEnded("alice", "c1", TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(paused!.To, Is.EqualTo(AgentStatus.OnCall), "still on the call");
            Assert.That(ended!.To, Is.EqualTo(AgentStatus.Paused));
        });
    }

    [Test]
    public void A_lost_leg_frees_the_agent_whatever_was_last_heard_of_it()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");
        _book.Answered("alice", "c1");

        var lost = _book.EngagementLost("alice", "restart");

        Assert.Multiple(() =>
        {
            Assert.That(lost!.From, Is.EqualTo(AgentStatus.OnCall));
            Assert.That(lost.To, Is.EqualTo(AgentStatus.Available));
            Assert.That(lost.Cause, Is.EqualTo("restart"));
        });
    }

    [Test]
    public void Todays_counters_restart_at_midnight_utc()
    {
        Ready();
        _book.Offer("alice", "sales", "c1");
        _book.Answered("alice", "c1");
        _time.Advance(TimeSpan.FromMinutes(5));
        _book.CallEnded("alice", "c1", TimeSpan.Zero);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 5, 0, 0, 1, TimeSpan.Zero));

        var facts = _book.View("alice")!.Facts;
        Assert.Multiple(() =>
        {
            Assert.That(facts.AnsweredTodayIn("sales"), Is.Zero);
            Assert.That(facts.TalkTimeToday, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public void Bad_definitions_are_refused_with_every_problem_named()
    {
        var bad = new AgentDefinition("bob", "", new Dictionary<string, int> { ["billing"] = 11 }, [new QueueMembership("sales", 0), new QueueMembership("sales")]);

        Assert.That(() => _book.Add(bad), Throws.ArgumentException
            .With.Message.Contains("needs a SIP user")
            .And.Message.Contains("level 11; levels go from 1 to 10")
            .And.Message.Contains("member of queue 'sales' twice")
            .And.Message.Contains("tier 0"));
    }

    private void Ready()
    {
        _book.Login("alice");
        _book.Registration("1001", true);
    }
}
