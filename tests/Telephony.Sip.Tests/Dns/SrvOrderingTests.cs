using Telephony.Sip.Dns;

namespace Telephony.Sip.Tests.Dns;

/// <summary>RFC 2782's target selection: priority groups in order, weighted draws within them.</summary>
public class SrvOrderingTests
{
    [Test]
    public void Lower_priority_always_comes_first_and_nothing_is_lost()
    {
        DnsSrvRecord[] records = [Srv("c", 30, 5), Srv("a", 10, 0), Srv("b", 20, 100), Srv("a2", 10, 7), Srv("b2", 20, 0)];

        for (var i = 0; i < 200; i++)
        {
            var ordered = SrvOrdering.Order(records);

            Assert.That(ordered, Is.EquivalentTo(records));
            Assert.That(ordered.Select(r => r.Priority), Is.Ordered);
        }
    }

    [Test]
    public void First_choice_follows_the_weights()
    {
        DnsSrvRecord[] records = [Srv("light", 1, 10), Srv("heavy", 1, 30)];

        var heavyFirst = Enumerable.Range(0, 2000).Count(_ => SrvOrdering.Order(records)[0].Target == "heavy");

        // Expected 1500 (sd 19): 5 sd either way.
        Assert.That(heavyFirst, Is.InRange(1400, 1600));
    }

    [Test]
    public void Weight_zero_beside_weighted_records_is_first_only_rarely()
    {
        DnsSrvRecord[] records = [Srv("weighted", 1, 1000), Srv("zero", 1, 0)];

        var zeroFirst = Enumerable.Range(0, 2000).Count(_ => SrvOrdering.Order(records)[0].Target == "zero");

        // RFC 2782 leaves a zero-weight record a 1 in (sum + 1) chance: about 2 of 2000.
        Assert.That(zeroFirst, Is.LessThan(15));
    }

    [Test]
    public void All_weights_zero_share_the_first_choice_evenly()
    {
        DnsSrvRecord[] records = [Srv("a", 5, 0), Srv("b", 5, 0), Srv("c", 5, 0)];

        var counts = Enumerable.Range(0, 3000).GroupBy(_ => SrvOrdering.Order(records)[0].Target).ToDictionary(g => g.Key, g => g.Count());

        // Expected 1000 each (sd 26).
        Assert.That(counts.Keys, Is.EquivalentTo(new[] { "a", "b", "c" }));
        Assert.That(counts.Values, Is.All.InRange(870, 1130), string.Join(", ", counts));
    }

    [Test]
    public void No_records_give_no_order()
    {
        Assert.That(SrvOrdering.Order([]), Is.Empty);
    }

    private static DnsSrvRecord Srv(string target, ushort priority, ushort weight) =>
        new("_sip._udp.example", 60, priority, weight, 5060, target);
}
