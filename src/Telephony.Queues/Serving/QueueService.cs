using Telephony.Calls;
using Telephony.Calls.Control;
using Telephony.Calls.Playback;
using Telephony.Calls.Queues;
using Telephony.Queues.Desk;
using Telephony.Queues.Journal;
using Telephony.Queues.Routing;

namespace Telephony.Queues.Serving;

/// <summary>
/// Callers waiting for agents, and their delivery: each waiting caller's task hears ringback until
/// the dispatcher offers it an agent, then dials the agent's registered contact (the call's
/// bridged transfer: the caller hears ringback, the legs are joined on answer; or, with
/// <c>delivery: refer</c>, a blind REFER of the caller to that contact, QueueService.Refer.cs). No
/// answer within the queue's agent timeout, a refusal (486/603) or a failure frees the agent
/// (their status says why) and the caller is offered the next one, keeping their place. The
/// dispatcher runs whenever an agent's status changes, a caller joins or an offer ends, and once
/// a second (skill requirements relax with time); one plan covers every queue (QueueDispatcher).
/// </summary>
/// <remarks>
/// Ring-all rings only the first agent of the plan for now: forking one caller to several
/// softphones at once needs a dialer that places parallel legs. Familiar customer has no caller
/// history yet (no stored past calls to read), so it behaves as its fallback strategy.
/// </remarks>
public sealed partial class QueueService : ICallQueues
{
    private readonly AgentDesk _desk;
    private readonly IReadOnlyList<QueueDefinition> _queues;
    private readonly IAgentContacts _contacts;
    private readonly Action<string>? _log;
    private readonly Lock _gate = new();
    private readonly List<QueueEntry> _waiting = [];
    private readonly RoundRobinMemory _memory = new();
    private readonly Random _random = new();

    public QueueService(AgentDesk desk, IReadOnlyList<QueueDefinition> queues, IAgentContacts contacts, Action<string>? log = null)
    {
        _desk = desk;
        _queues = queues;
        _contacts = contacts;
        _log = log;
        desk.Changed += _ => Dispatch();
    }

    /// <summary>
    /// The server's HTTP API (base address, ending with '/'), set once it listens: offers then carry
    /// <c>Call-Info</c> with the caller's call in it. Null while there is none.
    /// </summary>
    public Uri? ApiAddress
    {
        get => Volatile.Read(ref _apiAddress);
        set => Volatile.Write(ref _apiAddress, value);
    }

    private Uri? _apiAddress;

    /// <summary>Where entries and agent events are stored (the server's database); nothing by default.</summary>
    public IQueueJournal Journal { get; init; } = NoQueueJournal.Instance;

    /// <summary>Callers waiting now (offered or not), per queue.</summary>
    public int Waiting(string queue)
    {
        lock (_gate)
        {
            return _waiting.Count(e => e.Caller.Queue == queue);
        }
    }

    public async Task<QueueOutcome> JoinAsync(ICall caller, QueueJoin request)
    {
        // Each stay in a queue is one stored entry: written before the caller waits, closed with its outcome.
        var entryId = Guid.NewGuid().ToString("N");
        var outcome = new QueueOutcome(false, null, "error", 0);
        try
        {
            outcome = await WaitInQueueAsync(caller, request, entryId).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            if (outcome.Cause != "no-such-queue")
            {
                Journal.EntryLeft(new QueueEntryLeft(entryId, outcome.Cause, outcome.Agent, outcome.Offers, _desk.Now));
            }
        }
    }

    private async Task<QueueOutcome> WaitInQueueAsync(ICall caller, QueueJoin request, string entryId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        if (_queues.FirstOrDefault(q => q.Name == request.Queue) is not { } queue)
        {
            _log?.Invoke($"queue: call {caller.CallId} asked for queue '{request.Queue}', which is not defined (--queues)");
            return new QueueOutcome(false, null, "no-such-queue", 0);
        }

        var entry = new QueueEntry(caller, new QueueCaller(caller.CallId, queue.Name, caller.From, _desk.Now)
        {
            Priority = request.Priority,
            RequiredSkills = request.RequiredSkills ?? new Dictionary<string, int>(),
        });
        await Journal.EntryJoinedAsync(new QueueEntryJoined(entryId, queue.Name, caller.CallId, caller.From, request.Priority, entry.Caller.EnqueuedAt)).ConfigureAwait(false);
        int position;
        lock (_gate)
        {
            _waiting.Add(entry);
            position = _waiting.Count(e => e.Caller.Queue == queue.Name);
        }

        _log?.Invoke($"queue: call {caller.CallId} waits in {queue.Name} (position {position})");
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(caller.Ended);
        wait.CancelAfter(request.MaxWait);
        var offers = 0;
        try
        {
            while (true)
            {
                Ringback(caller);
                Dispatch();
                Task<AgentOffer> next;
                lock (_gate)
                {
                    next = entry.NextOfferAsync(wait.Token);
                }

                AgentOffer offer;
                try
                {
                    offer = await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    var cause = caller.Ended.IsCancellationRequested ? "caller-hung-up" : "max-wait";
                    _log?.Invoke($"queue: call {caller.CallId} left {queue.Name}: {cause} after {offers} offer(s)");
                    return new QueueOutcome(false, null, cause, offers);
                }

                lock (_gate)
                {
                    entry.Claim();
                }

                offers++;
                // A failed offer (no answer, refused, a failed REFER) leaves the entry where it was:
                // the caller keeps its original wait, so nobody who joined after it goes first.
                var result = await OfferAsync(caller, queue, offer, entry.Caller.EnqueuedAt).ConfigureAwait(false);
                if (result.Answered)
                {
                    lock (_gate)
                    {
                        _waiting.Remove(entry);
                    }

                    return new QueueOutcome(true, offer.Agent, "answered", offers);
                }

                lock (_gate)
                {
                    entry.OfferOver(offer.Agent, declined: true);
                }

                if (caller.Ended.IsCancellationRequested)
                {
                    return new QueueOutcome(false, null, "caller-hung-up", offers);
                }
            }
        }
        catch (CallEndedException)
        {
            return new QueueOutcome(false, null, "caller-hung-up", offers);
        }
        finally
        {
            AgentOffer? unclaimed;
            lock (_gate)
            {
                _waiting.Remove(entry);
                unclaimed = entry.Unclaimed;
            }

            // Chosen for this caller just as they left: the agent's phone never rang; free them.
            if (unclaimed is not null)
            {
                _desk.Record(_desk.Book.OfferEnded(unclaimed.Agent, caller.CallId, "caller-gone"));
            }
        }
    }

    /// <summary>Ringback while the caller waits (until the next play: the bridge's own ringback, or the bridge itself).</summary>
    private void Ringback(ICall caller) =>
        _ = caller.PlayToneAsync(CallTone.Ringback).ContinueWith(
            t => _log?.Invoke($"queue: call {caller.CallId}: ringback: {t.Exception?.GetBaseException().Message}"),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Offers the caller to the agent by the queue's delivery; the result says whether the agent took it.</summary>
    private Task<CallAttemptResult> OfferAsync(ICall caller, QueueDefinition queue, AgentOffer offer, DateTimeOffset enqueuedAt) =>
        queue.Delivery is DeliveryKind.Refer ? ReferAsync(caller, queue, offer) : BridgeAsync(caller, queue, offer, enqueuedAt);

    /// <summary>Rings the agent through a bridged transfer; on answer the agent's call lasts as long as the caller's leg, then their wrap-up starts.</summary>
    private async Task<CallAttemptResult> BridgeAsync(ICall caller, QueueDefinition queue, AgentOffer offer, DateTimeOffset enqueuedAt)
    {
        _log?.Invoke($"queue: offering call {caller.CallId} of {queue.Name} to {offer.Agent} at {offer.Contact}");
        var context = new TransferOptions { Headers = OfferContext.Headers(caller, queue.Name, _desk.Now - enqueuedAt, ApiAddress) };
        CallAttemptResult result;
        try
        {
            result = await caller.TransferAsync(offer.Contact, TransferMode.Bridge, queue.AgentTimeout, context).ConfigureAwait(false);
        }
        catch (CallEndedException)
        {
            _desk.Record(_desk.Book.OfferEnded(offer.Agent, caller.CallId, "caller-gone"));
            throw;
        }

        if (!result.Answered)
        {
            NotTaken(caller, offer, result);
            return result;
        }

        _desk.Record(_desk.Book.Answered(offer.Agent, caller.CallId));
        _log?.Invoke($"queue: call {caller.CallId} of {queue.Name} connected to {offer.Agent}");
        _ = EndWhenCallerLeavesAsync(caller, queue, offer.Agent);
        return result;
    }

    /// <summary>The agent did not take the offer: their phone is free again, and the cause says why (status and explain show it).</summary>
    private void NotTaken(ICall caller, AgentOffer offer, CallAttemptResult result)
    {
        var cause = CauseOf(result);
        _log?.Invoke($"queue: {offer.Agent} did not take call {caller.CallId}: {cause} ({result.SipStatus} {result.Reason})");
        _desk.Record(_desk.Book.OfferEnded(offer.Agent, caller.CallId, cause));
    }

    /// <summary>rejected (486, 600, 603 from the agent's phone), no-answer (nothing final within the agent timeout), or the attempt's own cause.</summary>
    internal static string CauseOf(CallAttemptResult result) =>
        result.SipStatus is 486 or 600 or 603 ? "rejected" : result.Cause is "no-answer" or "timeout" ? "no-answer" : result.Cause;

    private async Task EndWhenCallerLeavesAsync(ICall caller, QueueDefinition queue, string agent)
    {
        // A bridge ends both legs together: the caller's leg ending is the agent's call ending.
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (caller.Ended.Register(() => ended.TrySetResult()))
        {
            await ended.Task.ConfigureAwait(false);
        }

        _desk.Record(_desk.Book.CallEnded(agent, caller.CallId, queue.WrapUp));
    }

    /// <summary>Offers every caller who can be offered now an agent (one plan over all queues).</summary>
    public void Dispatch()
    {
        var offered = new List<Agents.AgentEvent?>();
        lock (_gate)
        {
            var candidates = _waiting.Where(e => !e.Offering && !e.Call.Ended.IsCancellationRequested).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var byId = candidates.ToDictionary(e => e.Caller.Id, StringComparer.Ordinal);
            var decisions = QueueDispatcher.Plan(_queues, [.. candidates.Select(e => e.Caller)], _desk.Book.Views(), _desk.Now, _memory, _random);
            foreach (var decision in decisions)
            {
                if (decision.Ringing is not [var agent, ..] || _contacts.ContactOf(agent.Definition.SipUser) is not { } contact)
                {
                    continue;
                }

                var entry = byId[decision.Caller.Id];
                offered.Add(_desk.Book.Offer(agent.Name, decision.Caller.Queue, decision.Caller.Id));
                _memory.Offered(decision.Caller.Queue, agent);
                entry.Assign(new AgentOffer(agent.Name, contact));
            }
        }

        // Published outside the lock: listeners (the log, and this dispatcher) may call back in.
        foreach (var change in offered)
        {
            _desk.Record(change);
        }
    }
}
