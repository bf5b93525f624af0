using System.Collections.Concurrent;
using Telephony.Calls.Cdr;
using Telephony.Calls.Control;
using Telephony.Calls.Events;

namespace Telephony.Api.Tests;

/// <summary>
/// TEST DOUBLE of the call manager's registry and control (the real ones live in CallManager, built
/// by another slice): legs are records in a dictionary that tests script directly, but every change
/// goes through the real pieces the API reads: events into the real <see cref="CallEventHub"/>,
/// ended legs' CDRs into the real SQLite store.
/// </summary>
internal sealed class ScriptedCallControl(CallEventHub events, ICdrSink cdrs, TimeProvider time) : ICallRegistry, ICallControl
{
    private readonly ConcurrentDictionary<string, CallSnapshot> _legs = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Trunks Originate accepts by name.</summary>
    public HashSet<string> Trunks { get; } = new(StringComparer.Ordinal) { "carrier" };

    /// <summary>What TransferAsync answers for a live leg.</summary>
    public CallAttemptResult TransferResult { get; set; } = new(true, 200, "answered", "OK");

    /// <summary>When set, List throws it (a bug inside the server, for the 500 test).</summary>
    public Exception? ListFailure { get; set; }

    public List<OriginateRequest> Originated { get; } = [];

    public List<(string CallId, string Target, TransferMode Mode, TimeSpan? Timeout)> Transfers { get; } = [];

    public int Count => _legs.Count;

    public IReadOnlyList<CallSnapshot> List() =>
        ListFailure is { } e ? throw e : [.. _legs.Values.OrderBy(l => l.StartedAt).ThenBy(l => l.CallId, StringComparer.Ordinal)];

    public CallSnapshot? Find(string callId) => _legs.GetValueOrDefault(callId);

    /// <summary>Puts a live leg in the registry as an inbound INVITE would, publishing call.started.</summary>
    public CallSnapshot AddInbound(string callId, CallState state = CallState.Answered, string? peer = null)
    {
        var now = time.GetUtcNow();
        var leg = new CallSnapshot(callId, CallDirection.Inbound, state, "sip:alice@127.0.0.1", "sip:ivr@127.0.0.1", now,
            state is CallState.Answered or CallState.Bridged ? now : null, "PCMU", "demo/main", "main/gather", peer, null,
            new CallQuality(1.25, 0.5, 4.3, 250));
        _legs[callId] = leg;
        events.Publish(CallEventType.Started, callId, new Dictionary<string, string?> { ["direction"] = "inbound", ["from"] = leg.From, ["to"] = leg.To });
        return leg;
    }

    // Like the real control: ParamName names the request member at fault (the API turns it into the problem's field).
#pragma warning disable CA2208
    public OriginatedCall Originate(OriginateRequest request)
    {
        if (request.Trunk is { } trunk && !Trunks.Contains(trunk))
        {
            throw new ArgumentException($"unknown trunk '{trunk}'", nameof(request.Trunk));
        }

        if (!request.To.StartsWith("sip:", StringComparison.Ordinal) && !request.To.StartsWith('+'))
        {
            throw new ArgumentException($"'{request.To}' is neither a SIP URI nor a number", nameof(request.To));
        }

        Originated.Add(request);
        var id = $"out-{Interlocked.Increment(ref _next)}@test";
        _legs[id] = new CallSnapshot(id, CallDirection.Outbound, CallState.Setup, request.From ?? "sip:telephony@127.0.0.1", request.To,
            time.GetUtcNow(), null, null, request.Flow, null, null, request.Trunk, null);
        events.Publish(CallEventType.Started, id, new Dictionary<string, string?> { ["direction"] = "outbound", ["from"] = request.From, ["to"] = request.To });
        return new OriginatedCall(id, new TaskCompletionSource<CallAttemptResult>().Task);
    }
#pragma warning restore CA2208

    public Task<bool> HangupAsync(string callId, string cause = "api")
    {
        if (!_legs.TryRemove(callId, out var leg))
        {
            return Task.FromResult(false);
        }

        End(leg, cause, leg.AnsweredAt is null ? 487 : 200, CallEndedBy.Server);
        return Task.FromResult(true);
    }

    /// <summary>Ends a leg as the far end would (BYE, busy ...), writing its CDR and publishing call.ended.</summary>
    public void End(CallSnapshot leg, string cause, int sipStatus, string endedBy)
    {
        _legs.TryRemove(leg.CallId, out _);
        var now = time.GetUtcNow();
        cdrs.Write(new CallDetailRecord(leg.CallId, leg.From, leg.To, leg.StartedAt, leg.AnsweredAt, now, endedBy, cause, sipStatus, "42", leg.Codec, leg.Quality, null, leg.Flow));
        events.Publish(CallEventType.Ended, leg.CallId, new Dictionary<string, string?>
        {
            ["cause"] = cause,
            ["sip_status"] = sipStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ended_by"] = endedBy,
            ["direction"] = leg.Direction == CallDirection.Outbound ? "outbound" : "inbound",
        });
    }

    public Task<CallAttemptResult?> TransferAsync(string callId, string target, TransferMode mode, TimeSpan? timeout = null)
    {
        if (!_legs.ContainsKey(callId))
        {
            return Task.FromResult<CallAttemptResult?>(null);
        }

        Transfers.Add((callId, target, mode, timeout));
        return Task.FromResult<CallAttemptResult?>(TransferResult);
    }
}
