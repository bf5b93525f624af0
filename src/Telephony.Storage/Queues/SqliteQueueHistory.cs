using Dapper;
using Telephony.Queues.Agents;
using Telephony.Queues.Stats;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Queues;

/// <summary>Reads the stored queue history back for statistics (<see cref="IQueueHistory"/>). Thread-safe: each read opens its own pooled connection.</summary>
public sealed class SqliteQueueHistory(SqliteDatabase db) : IQueueHistory
{
    private static readonly Dictionary<string, AgentStatus> Statuses =
        Enum.GetValues<AgentStatus>().ToDictionary(AgentStatusNames.Of, s => s, StringComparer.Ordinal);

    private sealed record EntryRow(string Id, string Queue, string Caller_Id, string Joined_At, long Offers, string? Answered_At, string? Ended_At, string? Outcome, string? Agent);

    private sealed record EventRow(string At, string Agent, string From_Status, string To_Status, string Cause, string? Queue, string? Caller_Id);

    public IReadOnlyList<StoredEntry> Entries(DateTimeOffset since)
    {
        using var connection = db.Connect();
        return [.. connection.Query<EntryRow>(
                "SELECT id, queue, caller_id, joined_at, offers, answered_at, ended_at, outcome, agent FROM queue_entries WHERE joined_at >= @since OR open = 1 ORDER BY joined_at",
                new { since = CdrRow.Time(since) })
            .Select(r => new StoredEntry(r.Id, r.Queue, r.Caller_Id, Time(r.Joined_At), (int)r.Offers, TimeOrNull(r.Answered_At), TimeOrNull(r.Ended_At), r.Outcome, r.Agent))];
    }

    public IReadOnlyList<AgentEvent> AgentEvents(DateTimeOffset since)
    {
        using var connection = db.Connect();
        return [.. connection.Query<EventRow>(
                """
                SELECT at, agent, from_status, to_status, cause, queue, caller_id FROM agent_events
                WHERE at >= @since OR id IN (SELECT MAX(id) FROM agent_events WHERE at < @since GROUP BY agent)
                ORDER BY id
                """,
                new { since = CdrRow.Time(since) })
            .Select(r => new AgentEvent(Time(r.At), r.Agent, Status(r.From_Status), Status(r.To_Status), r.Cause, r.Queue, r.Caller_Id))];
    }

    private static AgentStatus Status(string name) => Statuses.GetValueOrDefault(name, AgentStatus.Offline);

    private static DateTimeOffset Time(string text) => QueueJournalRecovery.Parse(text);

    private static DateTimeOffset? TimeOrNull(string? text) => text is null ? null : Time(text);
}
