using System.Collections.Concurrent;
using System.Globalization;
using Telephony.Api.Contracts;
using Telephony.Calls.Events;

namespace Telephony.Api.Endpoints;

/// <summary>
/// What the event stream said about recent legs, so that <c>GET /calls/{id}</c> can answer "ended"
/// in the moment between a leg leaving the registry and its CDR reaching the database (the CDR
/// writer commits in batches). Clients polling for an outcome (<c>telephony call</c>) never see a
/// 404 for a call that just ended.
/// </summary>
/// <remarks>
/// Fed by the event follower (one writer); read by requests. Bounded: the oldest legs are forgotten
/// first, by then their CDRs are long stored.
/// </remarks>
internal sealed class RecentCalls(int capacity = 20_000)
{
    private readonly ConcurrentDictionary<string, Leg> _legs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Observe(CallEvent e)
    {
        if (e.Type == CallEventType.Started)
        {
            if (_legs.TryAdd(e.CallId, new Leg(e.Data.GetValueOrDefault("direction"), e.Data.GetValueOrDefault("from"), e.Data.GetValueOrDefault("to"), e.At)))
            {
                _order.Enqueue(e.CallId);
                while (_legs.Count > capacity && _order.TryDequeue(out var oldest))
                {
                    _legs.TryRemove(oldest, out _);
                }
            }

            return;
        }

        if (!_legs.TryGetValue(e.CallId, out var leg))
        {
            return;
        }

        _legs[e.CallId] = e.Type switch
        {
            CallEventType.Answered => leg with { AnsweredAt = e.At, Codec = e.Data.GetValueOrDefault("codec") ?? leg.Codec },
            CallEventType.Step => leg with { Flow = e.Data.GetValueOrDefault("flow") ?? leg.Flow },
            CallEventType.Ended => leg with
            {
                EndedAt = e.At,
                Cause = e.Data.GetValueOrDefault("cause"),
                EndedBy = e.Data.GetValueOrDefault("ended_by"),
                SipStatus = int.TryParse(e.Data.GetValueOrDefault("sip_status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status) ? status : null,
                Direction = e.Data.GetValueOrDefault("direction") ?? leg.Direction,
            },
            _ => leg,
        };
    }

    /// <summary>The ended view of a leg the stream saw end, or null.</summary>
    public CallView? Ended(string callId) =>
        _legs.TryGetValue(callId, out var leg) && leg.EndedAt is { } ended
            ? new CallView(callId, leg.Direction, "ended", leg.From ?? string.Empty, leg.To ?? string.Empty, leg.StartedAt, leg.AnsweredAt, leg.Codec,
                leg.Flow, null, null, null, null, [callId], ended, leg.Cause, leg.SipStatus, leg.EndedBy)
            : null;

    private sealed record Leg(string? Direction, string? From, string? To, DateTimeOffset StartedAt)
    {
        public DateTimeOffset? AnsweredAt { get; init; }

        public string? Codec { get; init; }

        public string? Flow { get; init; }

        public DateTimeOffset? EndedAt { get; init; }

        public string? Cause { get; init; }

        public int? SipStatus { get; init; }

        public string? EndedBy { get; init; }
    }
}
