using Telephony.Api.Endpoints;
using Telephony.Calls.Events;

namespace Telephony.Api.Tests;

public class RecentCallsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private long _id;

    private CallEvent Event(string type, string callId, params (string, string?)[] data) =>
        new(++_id, type, callId, T0.AddSeconds(_id), data.ToDictionary(d => d.Item1, d => d.Item2));

    [Test]
    public void Builds_the_ended_view_from_started_answered_step_and_ended()
    {
        var recent = new RecentCalls();
        recent.Observe(Event(CallEventType.Started, "a", ("direction", "inbound"), ("from", "sip:x@y"), ("to", "sip:ivr@z")));
        Assert.That(recent.Ended("a"), Is.Null, "not ended yet");
        recent.Observe(Event(CallEventType.Answered, "a", ("codec", "G722")));
        recent.Observe(Event(CallEventType.Step, "a", ("flow", "bank/main"), ("step", "main/menu")));
        recent.Observe(Event(CallEventType.Ended, "a", ("cause", "BYE"), ("sip_status", "200"), ("ended_by", "caller"), ("direction", "inbound")));

        var view = recent.Ended("a")!;
        Assert.Multiple(() =>
        {
            Assert.That(view.State, Is.EqualTo("ended"));
            Assert.That(view.StartedAt, Is.EqualTo(T0.AddSeconds(1)));
            Assert.That(view.AnsweredAt, Is.EqualTo(T0.AddSeconds(2)));
            Assert.That(view.EndedAt, Is.EqualTo(T0.AddSeconds(4)));
            Assert.That(view.Codec, Is.EqualTo("G722"));
            Assert.That(view.Flow, Is.EqualTo("bank/main"));
            Assert.That(view.SipStatus, Is.EqualTo(200));
            Assert.That(view.EndedBy, Is.EqualTo("caller"));
            Assert.That(view.From, Is.EqualTo("sip:x@y"));
        });
    }

    [Test]
    public void Forgets_the_oldest_legs_beyond_its_capacity_and_ignores_legs_it_never_saw_start()
    {
        var recent = new RecentCalls(capacity: 2);
        foreach (var id in new[] { "a", "b", "c" })
        {
            recent.Observe(Event(CallEventType.Started, id));
            recent.Observe(Event(CallEventType.Ended, id, ("cause", "BYE")));
        }

        recent.Observe(Event(CallEventType.Ended, "never-started", ("cause", "BYE")));
        Assert.Multiple(() =>
        {
            Assert.That(recent.Ended("a"), Is.Null);
            Assert.That(recent.Ended("b")?.Cause, Is.EqualTo("BYE"));
            Assert.That(recent.Ended("c")?.Cause, Is.EqualTo("BYE"));
            Assert.That(recent.Ended("never-started"), Is.Null);
        });
    }
}
