using Telephony.Queues.Journal;
using Telephony.Queues.Routing;
using Telephony.Queues.Stats;

namespace Telephony.Queues.Tests;

/// <summary>
/// A queue's figures from stored entries, counted by hand: a morning of "sales" with every kind of
/// ending, plus rows that must not count (another queue, yesterday).
/// </summary>
public sealed class QueueStatsCalculatorTests
{
    private static readonly DateTimeOffset Since = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Since.AddHours(10);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => Since.AddHours(hour).AddMinutes(minute).AddSeconds(second);

    private static StoredEntry Ended(string id, DateTimeOffset joined, DateTimeOffset ended, string outcome, DateTimeOffset? answered = null, string queue = "sales") =>
        new(id, queue, "+15125550100", joined, 1, answered, ended, outcome, answered is null ? null : "alice");

    private static StoredEntry Waiting(string id, DateTimeOffset joined, string queue = "sales") =>
        new(id, queue, "+15125550100", joined, 0, null, null, null, null);

    private static readonly StoredEntry[] Morning =
    [
        Ended("answered-in-10s", At(9, 50), At(9, 55), QueueOutcomes.Answered, answered: At(9, 50, 10)),
        Ended("answered-in-30s", At(9, 51), At(9, 57), QueueOutcomes.Answered, answered: At(9, 51, 30)),
        Ended("hung-up-after-3s", At(9, 52), At(9, 52, 3), QueueOutcomes.CallerHungUp),
        Ended("hung-up-after-40s", At(9, 53), At(9, 53, 40), QueueOutcomes.CallerHungUp),
        Ended("max-wait", At(9, 54), At(9, 56), QueueOutcomes.MaxWait),
        Ended("closed-by-a-restart", At(9, 40), At(9, 41), QueueOutcomes.ServerRestart),
        Waiting("waiting-2-minutes", At(9, 58)),
        Waiting("waiting-30-seconds", At(9, 59, 30)),
        Waiting("other-queue", At(9, 57), queue: "support"),
        Ended("yesterday", Since.AddHours(-1), Since.AddMinutes(-50), QueueOutcomes.Answered, answered: Since.AddMinutes(-59)),
    ];

    [Test]
    public void Every_figure_is_the_count_of_the_rows_that_make_it()
    {
        var stats = QueueStatsCalculator.Compute(new QueueDefinition("sales", StrategyKind.LongestIdle), [], Morning, [], Since, Now);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Waiting, Is.EqualTo(2), "the two open sales entries, not support's");
            Assert.That(stats.LongestWaitSeconds, Is.EqualTo(120));
            Assert.That(stats.Offered, Is.EqualTo(8), "joined today: six ended, two waiting; yesterday's row is outside the window");
            Assert.That(stats.Answered, Is.EqualTo(2));
            Assert.That(stats.Abandoned, Is.EqualTo(1), "40 s is past the 5 s short-abandon threshold");
            Assert.That(stats.ShortAbandoned, Is.EqualTo(1), "3 s is not");
            Assert.That(stats.MaxWait, Is.EqualTo(1));
            Assert.That(stats.OtherEnded, Is.EqualTo(1), "the entry a restart closed");
            Assert.That(stats.AverageSpeedOfAnswerSeconds, Is.EqualTo(20), "(10 + 30) / 2");
            Assert.That(stats.AnsweredWithinServiceLevel, Is.EqualTo(1), "10 s is within the 20 s, 30 s is not");
            Assert.That(stats.ServiceLevel, Is.EqualTo(0.2).Within(1e-12), "1 of the 5 ended entries that were not short abandons");
            Assert.That(stats.ArrivalsPerHour, Is.EqualTo(28).Within(1e-9), "7 joined in the last 15 minutes (not the one at 9:40)");
            Assert.That(stats.AverageHandleTimeSeconds, Is.Null, "no agent events: no handle time");
            Assert.That(stats.AgentsNeeded, Is.Null, "and so no Erlang C");
        });
    }

    [Test]
    public void The_thresholds_come_from_the_queue()
    {
        var strict = new QueueDefinition("sales", StrategyKind.LongestIdle) { ServiceLevelWithin = TimeSpan.FromSeconds(5), ShortAbandon = TimeSpan.FromSeconds(60) };
        var stats = QueueStatsCalculator.Compute(strict, [], Morning, [], Since, Now);
        Assert.Multiple(() =>
        {
            Assert.That(stats.AnsweredWithinServiceLevel, Is.Zero, "neither answer came within 5 s");
            Assert.That((stats.Abandoned, stats.ShortAbandoned), Is.EqualTo((0, 2)), "both hang-ups are short under a 60 s threshold");
            Assert.That(stats.ServiceLevel, Is.Zero, "0 of 4");
        });
    }

    [Test]
    public void A_quiet_queue_needs_no_agents_and_has_no_rates()
    {
        var stats = QueueStatsCalculator.Compute(new QueueDefinition("sales", StrategyKind.LongestIdle), [], [], [], Since, Now);
        Assert.Multiple(() =>
        {
            Assert.That((stats.Waiting, stats.Offered, stats.LongestWaitSeconds), Is.EqualTo((0, 0, 0.0)));
            Assert.That(stats.ServiceLevel, Is.Null);
            Assert.That(stats.AverageSpeedOfAnswerSeconds, Is.Null);
            Assert.That(stats.AgentsNeeded, Is.Zero, "no arrivals: nobody needed");
        });
    }
}
