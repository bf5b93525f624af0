namespace Telephony.Queues.Stats;

/// <summary>
/// One queue's figures, computed from stored entries and agent events (docs/queues.md#statistics
/// defines each). Counts are of the entries that joined since <see cref="Since"/>.
/// </summary>
/// <param name="Since">The window's start (midnight UTC).</param>
/// <param name="At">When the figures were computed.</param>
/// <param name="Waiting">Entries open now (whenever they joined).</param>
/// <param name="LongestWaitSeconds">How long the longest-waiting open entry has waited; 0 when none.</param>
/// <param name="Offered">Entries that joined in the window (the calls offered to the queue).</param>
/// <param name="Answered">Of those, answered by an agent.</param>
/// <param name="Abandoned">Of those, the caller hung up after waiting at least the short-abandon threshold.</param>
/// <param name="ShortAbandoned">The caller hung up sooner than the threshold: counted apart, in no rate.</param>
/// <param name="MaxWait">Left when the flow's wait was over.</param>
/// <param name="OtherEnded">Ended otherwise (server-restart, error).</param>
/// <param name="AverageSpeedOfAnswerSeconds">Mean wait of the answered entries; null when none.</param>
/// <param name="AnsweredWithinServiceLevel">Answered within <paramref name="ServiceLevelSeconds"/>.</param>
/// <param name="ServiceLevel">AnsweredWithinServiceLevel ÷ (ended entries − short abandons); null when that is 0.</param>
/// <param name="AverageHandleTimeSeconds">Time on call plus wrap-up per completed call of this queue (from agent events); null when none.</param>
/// <param name="ArrivalsPerHour">The current arrival rate: entries joined in the last 15 minutes, per hour.</param>
/// <param name="AgentsNeeded">Erlang C at the current arrival rate and handle time for the target; null when no handle time is known yet.</param>
public sealed record QueueStats(
    string Queue,
    DateTimeOffset Since,
    DateTimeOffset At,
    int Waiting,
    double LongestWaitSeconds,
    int Offered,
    int Answered,
    int Abandoned,
    int ShortAbandoned,
    int MaxWait,
    int OtherEnded,
    double? AverageSpeedOfAnswerSeconds,
    int AnsweredWithinServiceLevel,
    double? ServiceLevel,
    double ServiceLevelSeconds,
    double ServiceLevelTarget,
    double ShortAbandonSeconds,
    double? AverageHandleTimeSeconds,
    double ArrivalsPerHour,
    int? AgentsNeeded,
    IReadOnlyList<AgentOccupancy> Agents);

/// <summary>An agent's share of staffed time spent handling calls in the window.</summary>
/// <param name="HandlingSeconds">On a call or in wrap-up (any queue).</param>
/// <param name="StaffedSeconds">Available, ringing, on a call or in wrap-up (not offline, not paused).</param>
/// <param name="Occupancy">HandlingSeconds ÷ StaffedSeconds; null when not staffed in the window.</param>
public sealed record AgentOccupancy(string Agent, string Status, double HandlingSeconds, double StaffedSeconds, double? Occupancy);
