using Telephony.Queues.Routing;

namespace Telephony.Queues.Agents;

/// <summary>
/// Every agent's definition and facts, and the one place that changes them. Each change that moves
/// an agent's derived status is returned as an <see cref="AgentEvent"/> (to be stored and
/// published). Wrap-up ends by time: <see cref="Tick"/> reports those ends, but the status is right
/// at any moment without it. Thread-safe.
/// </summary>
public sealed class AgentBook
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<AgentDefinition> _definitions = [];
    private readonly Dictionary<string, AgentFacts> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AgentStatus> _reported = new(StringComparer.Ordinal);
    private DateOnly _today;

    public AgentBook(IEnumerable<AgentDefinition> agents, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        foreach (var agent in agents)
        {
            Add(agent);
        }
    }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Adds an agent (logged out).</summary>
    /// <exception cref="ArgumentException">The definition has a problem, or the name is taken.</exception>
    public void Add(AgentDefinition agent)
    {
        var problems = agent.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(agent));
        }

        lock (_gate)
        {
            if (_facts.ContainsKey(agent.Name))
            {
                throw new ArgumentException($"there is already an agent '{agent.Name}'", nameof(agent));
            }

            _definitions.Add(agent);
            _facts[agent.Name] = new AgentFacts();
            _reported[agent.Name] = AgentStatus.Offline;
        }
    }

    /// <summary>Every agent as routing sees them now, in configuration order.</summary>
    public IReadOnlyList<AgentView> Views()
    {
        lock (_gate)
        {
            RollDay();
            return [.. _definitions.Select((d, i) => new AgentView(d, _facts[d.Name], i))];
        }
    }

    /// <summary>One agent as routing sees them now; null when there is no such agent.</summary>
    public AgentView? View(string name) => Views().FirstOrDefault(v => v.Name == name);

    public AgentStatus StatusOf(string name)
    {
        lock (_gate)
        {
            return AgentStatusRules.StatusAt(Facts(name), Now);
        }
    }

    public AgentEvent? Login(string name, string cause = "login") =>
        Change(name, cause, null, null, f => f.LoggedIn ? f : f with { LoggedIn = true, LoggedInAt = Now, IdleSince = Now });

    /// <summary>Logs out; an agent on a call stays on it (the call is real) and is offered nothing more.</summary>
    public AgentEvent? Logout(string name, string cause = "logout") =>
        Change(name, cause, null, null, f => !f.LoggedIn && f.PauseReason is null ? f : f with { LoggedIn = false, PauseReason = null, PausedAt = null });

    public AgentEvent? Pause(string name, string reason) =>
        Change(name, $"pause:{reason}", null, null, f => f.PauseReason == reason ? f : f with { PauseReason = reason, PausedAt = Now });

    public AgentEvent? Unpause(string name) =>
        Change(name, "unpause", null, null, f => f.PauseReason is null ? f : f with { PauseReason = null, PausedAt = null });

    /// <summary>The registrar's word on the agent's softphone (by SIP user; every agent with that user).</summary>
    public IReadOnlyList<AgentEvent> Registration(string sipUser, bool registered)
    {
        string[] names;
        lock (_gate)
        {
            names = [.. _definitions.Where(d => d.SipUser == sipUser).Select(d => d.Name)];
        }

        return [.. names.Select(n => Change(n, registered ? "registered" : "unregistered", null, null, f => f with { Registered = registered })).OfType<AgentEvent>()];
    }

    /// <summary>A call of <paramref name="queue"/> starts ringing for the agent.</summary>
    /// <exception cref="InvalidOperationException">The agent's phone is already engaged: routing must never double-book.</exception>
    public AgentEvent? Offer(string name, string queue, string callerId) =>
        Change(name, "offered", queue, callerId, f => f.Engagement is { } busy
            ? throw new InvalidOperationException($"agent '{name}' is already engaged by caller '{busy.CallerId}' of queue '{busy.Queue}'")
            : f with { Engagement = new AgentEngagement(queue, callerId, false, Now) });

    /// <summary>The offer of <paramref name="callerId"/> ended unanswered (no-answer, rejected, cancelled, failed): the phone is free again.</summary>
    public AgentEvent? OfferEnded(string name, string callerId, string cause) =>
        Change(name, cause, null, callerId, f => f.Engagement is { Answered: false } e && e.CallerId == callerId ? f with { Engagement = null } : f);

    public AgentEvent? Answered(string name, string callerId) =>
        Change(name, "answered", null, callerId, f => f.Engagement is { Answered: false } e && e.CallerId == callerId
            ? f with { Engagement = e with { Answered = true, Since = Now }, AnsweredToday = Increment(f.AnsweredToday, e.Queue) }
            : f);

    /// <summary>The agent's leg of <paramref name="callerId"/> ended: wrap-up of the call's queue starts (from every queue).</summary>
    public AgentEvent? CallEnded(string name, string callerId, TimeSpan wrapUp, string cause = "call-ended") =>
        Change(name, cause, null, callerId, f =>
        {
            if (f.Engagement is not { Answered: true } e || e.CallerId != callerId)
            {
                return f;
            }

            var until = Now + wrapUp;
            return f with
            {
                Engagement = null,
                WrapUpQueue = e.Queue,
                WrapUpUntil = until,
                IdleSince = until,
                TalkTimeToday = f.TalkTimeToday + (Now - e.Since),
            };
        });

    /// <summary>
    /// Clears whatever the agent's phone was engaged in when that leg no longer exists (the server
    /// missed its end, or restarted): the truth is the legs, not what was last heard of them.
    /// </summary>
    public AgentEvent? EngagementLost(string name, string cause) =>
        Change(name, cause, null, null, f => f.Engagement is null ? f : f with { Engagement = null, IdleSince = Now });

    /// <summary>Reports the status changes that time alone made (wrap-ups over) since the last call.</summary>
    public IReadOnlyList<AgentEvent> Tick()
    {
        lock (_gate)
        {
            RollDay();
            var now = Now;
            var events = new List<AgentEvent>();
            foreach (var definition in _definitions)
            {
                var status = AgentStatusRules.StatusAt(_facts[definition.Name], now);
                var before = _reported[definition.Name];
                if (status != before)
                {
                    _reported[definition.Name] = status;
                    events.Add(new AgentEvent(now, definition.Name, before, status, "wrap-up-over", _facts[definition.Name].WrapUpQueue));
                }
            }

            return events;
        }
    }

    private AgentEvent? Change(string name, string cause, string? queue, string? callerId, Func<AgentFacts, AgentFacts> change)
    {
        lock (_gate)
        {
            var now = Now;
            var before = _facts.TryGetValue(name, out var facts) ? facts : throw new KeyNotFoundException($"no agent '{name}'");
            var after = change(before);
            if (ReferenceEquals(after, before))
            {
                return null;
            }

            _facts[name] = after;
            var was = _reported[name];
            var status = AgentStatusRules.StatusAt(after, now);
            _reported[name] = status;
            // Every change of facts is an event, even one that keeps the status (a pause asked for during a call).
            return new AgentEvent(now, name, was, status, cause, queue ?? after.Engagement?.Queue ?? before.Engagement?.Queue, callerId);
        }
    }

    private AgentFacts Facts(string name) => _facts.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"no agent '{name}'");

    // "Today" counters restart at midnight UTC, so fewest calls and least talk time compare like with like.
    private void RollDay()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        if (today == _today)
        {
            return;
        }

        _today = today;
        foreach (var name in _facts.Keys.ToList())
        {
            _facts[name] = _facts[name] with { AnsweredToday = new Dictionary<string, int>(), TalkTimeToday = TimeSpan.Zero };
        }
    }

    private static Dictionary<string, int> Increment(IReadOnlyDictionary<string, int> counts, string queue)
    {
        var next = new Dictionary<string, int>(counts, StringComparer.Ordinal);
        next[queue] = next.GetValueOrDefault(queue) + 1;
        return next;
    }
}
