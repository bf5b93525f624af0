using System.Collections.Concurrent;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Calls;

/// <summary>The registry of live legs by Call-ID, and what the outside may do to them by id (hang up, transfer).</summary>
public sealed partial class CallManager : ICallRegistry, ICallControl
{
    private readonly ConcurrentDictionary<string, Call> _byId = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    public IReadOnlyList<CallSnapshot> List() =>
        [.. _calls.Keys.Select(c => c.Snapshot()).Where(s => s.State != CallState.Ended).OrderBy(s => s.StartedAt)];

    public CallSnapshot? Find(string callId) =>
        _byId.TryGetValue(callId, out var call) && call.State != CallState.Ended ? call.Snapshot() : null;

    public async Task<bool> HangupAsync(string callId, string cause = "api")
    {
        if (!_byId.TryGetValue(callId, out var call) || call.State == CallState.Ended)
        {
            return false;
        }

        await call.EndAsync(CallEndedBy.Server, cause);
        return true;
    }

    public async Task<CallAttemptResult?> TransferAsync(string callId, string target, TransferMode mode, TimeSpan? timeout = null)
    {
        if (!_byId.TryGetValue(callId, out var call) || call.State == CallState.Ended)
        {
            return null;
        }

        try
        {
            return await call.TransferAsync(target, mode, timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (CallEndedException e)
        {
            return new CallAttemptResult(false, 0, "ended", e.Message);
        }
    }

    /// <summary>The live leg with this Call-ID, for bridging inside the layer.</summary>
    internal Call? Leg(string callId) => _byId.TryGetValue(callId, out var call) && call.State != CallState.Ended ? call : null;

    private void Register(Call call)
    {
        _calls[call] = 0;

        // A Call-ID is unique per leg; a peer reusing one (a broken phone, an attack) keeps its call but not the id.
        if (!_byId.TryAdd(call.CallId, call))
        {
            _services.Log?.Invoke($"call {call.CallId}: a live leg has this Call-ID already; this one is not listed");
        }

        _services.Events?.Publish(CallEventType.Started, call.CallId, CallEventData.Started(call.Direction, call.From, call.To));
    }

    private void Unregister(Call call)
    {
        _calls.TryRemove(call, out _);
        _byId.TryRemove(new KeyValuePair<string, Call>(call.CallId, call));
    }
}
