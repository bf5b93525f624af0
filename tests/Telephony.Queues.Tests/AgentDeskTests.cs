using Microsoft.Extensions.Time.Testing;
using Telephony.Queues.Agents;
using Telephony.Queues.Desk;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Tests;

/// <summary>The desk operators steer agents through: registration polled from the registrar, time, and the commands, each change published once.</summary>
public class AgentDeskTests
{
    // NUnit shares one fixture instance between tests: everything is made afresh in SetUp.
    private FakeTimeProvider _time = null!;
    private HashSet<string> _registered = null!;
    private List<AgentEvent> _events = null!;
    private AgentBook _book = null!;
    private AgentDesk _desk = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
        _registered = new HashSet<string>(StringComparer.Ordinal);
        _events = [];
        _book = new AgentBook(
            [
                new AgentDefinition("alice", "1001", new Dictionary<string, int>(), [new QueueMembership("sales"), new QueueMembership("support", 2)]),
                new AgentDefinition("bob", "1002", new Dictionary<string, int>(), [new QueueMembership("sales")]),
            ],
            _time);
        _desk = new AgentDesk(_book, [new QueueDefinition("sales", StrategyKind.LongestIdle) { WrapUp = TimeSpan.FromSeconds(20) }]);
        _desk.Changed += _events.Add;
    }

    private void Tick() => _desk.Tick(_registered.Contains);

    [Test]
    public void A_logged_in_agent_is_available_only_while_their_softphone_is_registered()
    {
        Assert.That(_desk.Login("alice")!.Agent.Status, Is.EqualTo(AgentStatus.Offline), "nothing would ring yet");

        _registered.Add("1001");
        _time.Advance(TimeSpan.FromSeconds(1));
        Tick();
        Assert.That(_desk.Agent("alice")!.Status, Is.EqualTo(AgentStatus.Available));

        _registered.Remove("1001");
        _time.Advance(TimeSpan.FromSeconds(1));
        Tick();
        Tick();

        var alice = _desk.Agent("alice")!;
        Assert.Multiple(() =>
        {
            Assert.That(alice.Status, Is.EqualTo(AgentStatus.Offline));
            Assert.That(alice.StatusSince, Is.EqualTo(_time.GetUtcNow()));
            Assert.That(_events.Select(e => $"{e.Agent} {e.From}->{e.To} {e.Cause}"), Is.EqualTo(new[]
            {
                "alice Offline->Offline login", "alice Offline->Available registered", "alice Available->Offline unregistered",
            }), "each change once, though the registrar was polled twice");
        });
    }

    [Test]
    public void Explain_names_the_rule_for_each_queue_the_agent_answers()
    {
        _desk.Login("alice");
        var before = _desk.Explain("alice")!;
        _registered.Add("1001");
        Tick();
        _desk.Pause("alice", "lunch");
        var paused = _desk.Explain("alice")!;

        Assert.Multiple(() =>
        {
            Assert.That(before.Select(q => $"{q.Queue}/{q.Tier}: {string.Join(",", q.HoldBacks.Select(h => h.Code))}"),
                Is.EqualTo(new[] { "sales/1: not-registered", "support/2: no-queue" }));
            Assert.That(before[0].HoldBacks[0].Text, Is.EqualTo("no softphone registered as '1001'"));
            Assert.That(paused[0].HoldBacks.Select(h => h.Text), Is.EqualTo(new[] { "paused (lunch) since 2026-12-04 09:00:00Z" }));
            Assert.That(_desk.Explain("nobody"), Is.Null);
        });
    }

    [Test]
    public void Wrap_up_ends_by_time_and_the_tick_publishes_it_once()
    {
        _registered.Add("1002");
        _desk.Login("bob");
        Tick();
        _book.Offer("bob", "sales", "call-1");
        _book.Answered("bob", "call-1");
        _book.CallEnded("bob", "call-1", TimeSpan.FromSeconds(20));
        _events.Clear();

        _time.Advance(TimeSpan.FromSeconds(19));
        Tick();
        Assert.That(_desk.Agent("bob")!.Status, Is.EqualTo(AgentStatus.WrapUp));
        _time.Advance(TimeSpan.FromSeconds(1));
        Tick();
        Tick();

        Assert.That(_events.Select(e => $"{e.From}->{e.To} {e.Cause} {e.Queue}"), Is.EqualTo(new[] { "WrapUp->Available wrap-up-over sales" }));
        Assert.That(_desk.Agent("bob")!.Status, Is.EqualTo(AgentStatus.Available));
    }

    [Test]
    public void Commands_that_change_nothing_publish_nothing()
    {
        _desk.Logout("alice");
        _desk.Unpause("alice");
        _desk.Login("alice");
        _desk.Login("alice");
        _desk.Pause("alice", "lunch");
        _desk.Pause("alice", "lunch");

        Assert.That(_events.Select(e => e.Cause), Is.EqualTo(new[] { "login", "pause:lunch" }));
    }

    [TestCase("")]
    [TestCase("Lunch")]
    [TestCase("out to lunch")]
    [TestCase("a-reason-that-is-much-too-long-for-a-report")]
    public void A_pause_reason_is_a_short_code(string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => _desk.Pause("alice", reason))!;
        Assert.That(e.Message, Does.StartWith($"a pause reason is 1 to 32 lowercase letters, digits and '-' (got '{reason}')"));
        Assert.That(_events, Is.Empty);
    }

    [Test]
    public void An_unknown_agent_is_null_not_an_exception()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_desk.Agent("nobody"), Is.Null);
            Assert.That(_desk.Login("nobody"), Is.Null);
            Assert.That(_desk.Pause("nobody", "lunch"), Is.Null);
            Assert.That(_desk.Agents().Select(a => a.Definition.Name), Is.EqualTo(new[] { "alice", "bob" }));
        });
    }
}
