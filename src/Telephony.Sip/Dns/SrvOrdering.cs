using System.Security.Cryptography;

namespace Telephony.Sip.Dns;

/// <summary>The order in which to try the targets of an SRV record set (RFC 2782, "Usage rules").</summary>
public static class SrvOrdering
{
    /// <summary>
    /// Lowest priority first; within a priority, a weighted random draw repeated until the group is
    /// used up, so each call may give another order. Records of weight 0 are put first in their
    /// group before drawing, as RFC 2782 says, which leaves them a small chance to come first
    /// when others have weight and an equal one when all have none.
    /// </summary>
    public static IReadOnlyList<DnsSrvRecord> Order(IEnumerable<DnsSrvRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var ordered = new List<DnsSrvRecord>();
        foreach (var group in records.GroupBy(r => r.Priority).OrderBy(g => g.Key))
        {
            var pending = group.Where(r => r.Weight == 0).Concat(group.Where(r => r.Weight > 0)).ToList();
            while (pending.Count > 0)
            {
                var pick = Draw(pending);
                ordered.Add(pending[pick]);
                pending.RemoveAt(pick);
            }
        }

        return ordered;
    }

    /// <summary>A random number in 0..sum of weights, then the first record whose running sum reaches it.</summary>
    private static int Draw(List<DnsSrvRecord> pending)
    {
        var sum = pending.Sum(r => r.Weight);
        if (sum == 0)
        {
            // RFC 2782's draw is then always 0 and would pin all load on whichever record the server listed
            // first; weight 0 everywhere means "no server selection to do", so an even draw spreads the load.
            return RandomNumberGenerator.GetInt32(pending.Count);
        }

        var draw = RandomNumberGenerator.GetInt32(sum + 1);
        var running = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            running += pending[i].Weight;
            if (running >= draw)
            {
                return i;
            }
        }

        return pending.Count - 1;
    }
}
