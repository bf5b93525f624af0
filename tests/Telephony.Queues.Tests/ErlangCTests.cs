using Telephony.Queues.Stats;

namespace Telephony.Queues.Tests;

/// <summary>
/// Erlang C against figures worked by hand: 2 Erlangs of traffic (one call every 90 s, 180 s
/// handle time). Erlang B for 3 agents is (8/6) / (1 + 2 + 2 + 8/6) = 4/19, so C = 3·B / (3 − 2·(1 − B)) = 4/9;
/// for 4 agents B = (16/24) / 7 = 2/21 and C = 4/23. Service level within 20 s: 1 − C·e^(−(N − A)·20/180).
/// </summary>
public sealed class ErlangCTests
{
    private const double Erlangs = 2;
    private const double HandleSeconds = 180;

    [Test]
    public void Three_agents_on_two_erlangs_make_four_callers_in_nine_wait()
    {
        Assert.That(ErlangC.WaitProbability(3, Erlangs), Is.EqualTo(4.0 / 9).Within(1e-12));
        Assert.That(ErlangC.ServiceLevel(3, Erlangs, HandleSeconds, 20), Is.EqualTo(1 - (4.0 / 9 * Math.Exp(-20.0 / 180))).Within(1e-12));
        Assert.That(ErlangC.ServiceLevel(3, Erlangs, HandleSeconds, 20), Is.EqualTo(0.602).Within(0.001), "about 60.2 % answered within 20 s");
    }

    [Test]
    public void A_fourth_agent_makes_it_four_in_twenty_three_and_lifts_the_service_level_to_86_percent()
    {
        Assert.That(ErlangC.WaitProbability(4, Erlangs), Is.EqualTo(4.0 / 23).Within(1e-12));
        Assert.That(ErlangC.ServiceLevel(4, Erlangs, HandleSeconds, 20), Is.EqualTo(0.861).Within(0.001));
    }

    [Test]
    public void Agents_needed_is_the_fewest_that_meet_the_target()
    {
        var arrivals = Erlangs / HandleSeconds;
        Assert.Multiple(() =>
        {
            Assert.That(ErlangC.AgentsNeeded(arrivals, HandleSeconds, 0.80, 20), Is.EqualTo(4), "3 give 60.2 %, 4 give 86.1 %");
            Assert.That(ErlangC.AgentsNeeded(arrivals, HandleSeconds, 0.60, 20), Is.EqualTo(3));
            Assert.That(ErlangC.AgentsNeeded(arrivals, HandleSeconds, 0.90, 20), Is.EqualTo(5));
            Assert.That(ErlangC.AgentsNeeded(0, HandleSeconds, 0.80, 20), Is.Zero, "no calls, no agents");
        });
    }

    [Test]
    public void Agents_who_cannot_keep_up_make_everyone_wait()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ErlangC.WaitProbability(2, Erlangs), Is.EqualTo(1), "as many agents as Erlangs: the queue grows without end");
            Assert.That(ErlangC.WaitProbability(1, Erlangs), Is.EqualTo(1));
            Assert.That(ErlangC.ServiceLevel(2, Erlangs, HandleSeconds, 20), Is.Zero);
            Assert.That(ErlangC.WaitProbability(0, 0), Is.Zero, "no traffic: nobody waits");
            Assert.That(ErlangC.ServiceLevel(0, 0, HandleSeconds, 20), Is.EqualTo(1));
        });
    }

    [Test]
    public void Hundreds_of_agents_do_not_overflow()
    {
        var wait = ErlangC.WaitProbability(500, 480);
        Assert.That(wait, Is.GreaterThan(0).And.LessThan(1));
        Assert.That(ErlangC.AgentsNeeded(480.0 / HandleSeconds, HandleSeconds, 0.8, 20), Is.InRange(481, 520));
    }
}
