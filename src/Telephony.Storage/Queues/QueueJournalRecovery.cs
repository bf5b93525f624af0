using System.Globalization;
using Dapper;
using Telephony.Queues.Agents;
using Telephony.Queues.Journal;
using Telephony.Storage.Cdr;
using Telephony.Storage.Sqlite;

namespace Telephony.Storage.Queues;

/// <summary>
/// What a start makes of the queue history a previous process left: its open entries are closed as
/// <c>server-restart</c>, every agent whose last stored status was not offline gets an event back
/// to offline (cause <c>server-restart</c>: no one stays ringing or on a call in the record), and
/// each agent's login and pause are read back so the server can restore them. An entry's owner
/// counts as gone when its process no longer runs here or it ran on another host (SQLite's WAL
/// works on one host only, so another host is an earlier container of this one).
/// </summary>
public static class QueueJournalRecovery
{
    /// <param name="EntriesClosed">Open entries of dead owners, now closed.</param>
    /// <param name="AgentsReset">Agents whose stored status was moved back to offline.</param>
    /// <param name="Agents">Each agent's stored login and pause.</param>
    public sealed record Result(int EntriesClosed, int AgentsReset, IReadOnlyList<StoredAgent> Agents);

    private sealed record Owner(string Owner_Host, long Owner_Pid, string? Owner_Started_At);

    private sealed record Last(string Agent, string Value);

    public static Result Recover(SqliteDatabase db, DateTimeOffset now, Func<CdrInstance, bool>? isRunning = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        isRunning ??= CdrInstance.IsRunning;
        using var connection = db.Connect();
        using var tx = connection.BeginTransaction(deferred: false);
        var at = CdrRow.Time(now);
        var closed = 0;
        foreach (var owner in connection.Query<Owner>("SELECT DISTINCT owner_host, owner_pid, owner_started_at FROM queue_entries WHERE open = 1", transaction: tx))
        {
            var instance = new CdrInstance(string.Empty, owner.Owner_Host, (int)owner.Owner_Pid, owner.Owner_Started_At is { } s ? Parse(s) : null);
            if (string.Equals(owner.Owner_Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase) && isRunning(instance))
            {
                continue; // another server on this data folder, still running
            }

            closed += connection.Execute(
                $"""
                UPDATE queue_entries SET open = 0, outcome = '{QueueOutcomes.ServerRestart}', ended_at = @at
                WHERE open = 1 AND owner_host = @host AND owner_pid = @pid AND owner_started_at IS @started
                """,
                new { at, host = owner.Owner_Host, pid = owner.Owner_Pid, started = owner.Owner_Started_At },
                tx);
        }

        var reset = 0;
        var offline = AgentStatusNames.Of(AgentStatus.Offline);
        foreach (var last in connection.Query<Last>("SELECT agent, to_status AS value FROM agent_events WHERE id IN (SELECT MAX(id) FROM agent_events GROUP BY agent) ORDER BY id", transaction: tx))
        {
            if (last.Value != offline)
            {
                reset += connection.Execute(
                    "INSERT INTO agent_events (at, agent, from_status, to_status, cause) VALUES (@at, @agent, @from, @to, @cause)",
                    new { at, agent = last.Agent, from = last.Value, to = offline, cause = QueueOutcomes.ServerRestart },
                    tx);
            }
        }

        // A login is the last of login, restored (a restart's login) and logout; a pause the last of pause:*, unpause and logout (which ends a pause).
        var logins = connection.Query<Last>(
            "SELECT agent, cause AS value FROM agent_events WHERE id IN (SELECT MAX(id) FROM agent_events WHERE cause IN ('login', 'restored', 'logout') GROUP BY agent)",
            transaction: tx).ToDictionary(l => l.Agent, l => l.Value != "logout", StringComparer.Ordinal);
        var pauses = connection.Query<Last>(
            "SELECT agent, cause AS value FROM agent_events WHERE id IN (SELECT MAX(id) FROM agent_events WHERE cause IN ('unpause', 'logout') OR cause LIKE 'pause:%' GROUP BY agent)",
            transaction: tx).ToDictionary(l => l.Agent, l => l.Value.StartsWith("pause:", StringComparison.Ordinal) ? l.Value["pause:".Length..] : null, StringComparer.Ordinal);
        tx.Commit();

        var agents = logins.Keys.Union(pauses.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(a => new StoredAgent(a, logins.GetValueOrDefault(a), pauses.GetValueOrDefault(a)))
            .Where(a => a.LoggedIn || a.PauseReason is not null)
            .ToList();
        return new Result(closed, reset, agents);
    }

    internal static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
