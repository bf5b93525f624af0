using Telephony.Queues.Agents;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Desk;

/// <summary>
/// The server's agents: the book of facts, the queues they answer, and the two things that move
/// facts without anyone asking — the registrar (a softphone that stops registering makes its agent
/// unavailable) and time (wrap-ups end). Every status change goes to <see cref="Changed"/> (the
/// server logs and publishes it). Thread-safe: the API and the server's tick call it concurrently.
/// </summary>
public sealed class AgentDesk : IAgentDesk
{
    private readonly AgentBook _book;
    private readonly Dictionary<string, QueueDefinition> _queues;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _statusSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _statusCause = new(StringComparer.Ordinal);

    public AgentDesk(AgentBook book, IEnumerable<QueueDefinition> queues)
    {
        _book = book;
        _queues = queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var start = book.Now;
        foreach (var view in book.Views())
        {
            _statusSince[view.Name] = start;
        }
    }

    /// <summary>The facts behind the desk, for the queue service in this assembly (offers, answers, ends go through it, then <see cref="Record"/>).</summary>
    internal AgentBook Book => _book;

    internal DateTimeOffset Now => _book.Now;

    /// <summary>Publishes a change the queue service made in <see cref="Book"/> (null: nothing changed).</summary>
    internal void Record(AgentEvent? change)
    {
        if (change is not null)
        {
            Publish(change);
        }
    }

    /// <summary>Every status change, in order, from whichever thread made it.</summary>
    public event Action<AgentEvent>? Changed;

    public IReadOnlyList<AgentSnapshot> Agents() => [.. _book.Views().Select(Snapshot)];

    public AgentSnapshot? Agent(string name) => _book.View(name) is { } view ? Snapshot(view) : null;

    public IReadOnlyList<QueueHoldBacks>? Explain(string name)
    {
        if (_book.View(name) is not { } view)
        {
            return null;
        }

        var now = _book.Now;
        return [.. view.Definition.Queues.Select(m => _queues.TryGetValue(m.Queue, out var queue)
            ? new QueueHoldBacks(m.Queue, m.Tier, Eligibility.HoldBacks(view, queue, null, now))
            : new QueueHoldBacks(m.Queue, m.Tier, [new HoldBack("no-queue", $"queue '{m.Queue}' is not defined on this server")]))];
    }

    public AgentChange? Login(string name) => Apply(name, () => _book.Login(name));

    public AgentChange? Logout(string name) => Apply(name, () => _book.Logout(name));

    public AgentChange? Pause(string name, string reason)
    {
        if (!PauseReasons.IsValid(reason))
        {
            throw new ArgumentException($"a pause reason is {PauseReasons.Rule} (got '{reason}')", nameof(reason));
        }

        return Apply(name, () => _book.Pause(name, reason));
    }

    public AgentChange? Unpause(string name) => Apply(name, () => _book.Unpause(name));

    /// <summary>
    /// After a restart: logs in and pauses the agents as they were stored (cause <c>restored</c>).
    /// Nothing else carries over: no agent starts ringing or on a call, and registration is the
    /// registrar's to say anew. Unknown names (an agent removed from the file) are skipped.
    /// </summary>
    public void Restore(IEnumerable<Journal.StoredAgent> agents)
    {
        ArgumentNullException.ThrowIfNull(agents);
        foreach (var agent in agents)
        {
            if (_book.View(agent.Agent) is null)
            {
                continue;
            }

            if (agent.LoggedIn && _book.Login(agent.Agent, "restored") is { } login)
            {
                Publish(login);
            }

            if (agent.PauseReason is { } reason && PauseReasons.IsValid(reason) && _book.Pause(agent.Agent, reason) is { } pause)
            {
                Publish(pause);
            }
        }
    }

    /// <summary>
    /// Sets each agent's registration from the registrar's bindings as they are now (polled rather
    /// than pushed, so a missed notification cannot leave an agent "registered" forever), then
    /// reports what time alone changed (wrap-ups over).
    /// </summary>
    public void Tick(Func<string, bool> isRegistered)
    {
        foreach (var view in _book.Views())
        {
            var registered = isRegistered(view.Definition.SipUser);
            if (registered != view.Facts.Registered)
            {
                foreach (var change in _book.Registration(view.Definition.SipUser, registered))
                {
                    Publish(change);
                }
            }
        }

        foreach (var change in _book.Tick())
        {
            Publish(change);
        }
    }

    private AgentChange? Apply(string name, Func<AgentEvent?> change)
    {
        if (_book.View(name) is null)
        {
            return null;
        }

        var happened = change();
        if (happened is not null)
        {
            Publish(happened);
        }

        return new AgentChange(Agent(name)!, happened);
    }

    private void Publish(AgentEvent change)
    {
        if (change.From != change.To)
        {
            lock (_gate)
            {
                _statusSince[change.Agent] = change.At;
                _statusCause[change.Agent] = change.Cause;
            }
        }

        Changed?.Invoke(change);
    }

    private AgentSnapshot Snapshot(AgentView view)
    {
        DateTimeOffset since;
        string? cause;
        lock (_gate)
        {
            since = _statusSince.GetValueOrDefault(view.Name, _book.Now);
            cause = _statusCause.GetValueOrDefault(view.Name);
        }

        return new AgentSnapshot(view.Definition, view.Facts, AgentStatusRules.StatusAt(view.Facts, _book.Now), since) { StatusCause = cause };
    }
}
