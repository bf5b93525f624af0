using Telephony.Calls.Cdr;

namespace Telephony.Calls.Bridging;

/// <summary>
/// Two live, answered legs joined (B2BUA): their media relayed through the media bridge, a BYE (or
/// any end) of either ends the other, each leg's CDR names the other (peer_call_id). The primitive
/// bridged transfers use, and agent queues and campaigns will.
/// </summary>
/// <remarks>Thread-safe: legs end on SIP threads; the bridge ends once.</remarks>
public sealed class CallBridge
{
    private readonly Call _a;
    private readonly Call _b;
    private readonly CallServices _services;
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IMediaBridge? _media;
    private int _ending;

    private CallBridge(Call a, Call b, CallServices services)
    {
        _a = a;
        _b = b;
        _services = services;
    }

    /// <summary>The leg that was there first (the caller of a transfer).</summary>
    public string ACallId => _a.CallId;

    /// <summary>The leg that joined it (the transfer's target).</summary>
    public string BCallId => _b.CallId;

    /// <summary>True when media is relayed; false when no media bridge is plugged in (signalling only).</summary>
    public bool RelaysMedia => _media is not null;

    /// <summary>Completes when both legs have ended.</summary>
    public Task Completion => _completed.Task;

    /// <summary>
    /// Joins <paramref name="a"/> and <paramref name="b"/>. <paramref name="aEndCause"/>, when set,
    /// is the cause <paramref name="a"/>'s CDR gets however the bridge ends (a transferred caller's
    /// is "transferred"). Either leg already ended ends the other at once.
    /// </summary>
    /// <param name="media">The media bridge already relaying the legs (early media), or null to create one.</param>
    internal static CallBridge Start(Call a, Call b, CallServices services, string? aEndCause, IMediaBridge? media)
    {
        var bridge = new CallBridge(a, b, services);
        a.JoinBridge(bridge, b, aEndCause);
        b.JoinBridge(bridge, a, null);
        if (media is not null)
        {
            bridge._media = media;
        }
        else if (services.MediaBridges is { } factory)
        {
            try
            {
                bridge._media = factory.Create(a.MediaLeg(), b.MediaLeg());
            }
#pragma warning disable CA1031 // A media bridge that cannot start ends the bridge with a logged cause, never the server.
            catch (Exception e)
#pragma warning restore CA1031
            {
                services.Log?.Invoke($"bridge {a.CallId} <-> {b.CallId}: media bridge failed: {e.Message}");
                _ = bridge.EndAsync(b, "media-error");
            }
        }
        else
        {
            services.Log?.Invoke($"bridge {a.CallId} <-> {b.CallId}: no media bridge is plugged in; the legs are joined in signalling only (no audio between them)");
        }

        a.HoldChanged += bridge.OnHoldChanged;
        b.HoldChanged += bridge.OnHoldChanged;
        _ = a.WhenEndedAsync().ContinueWith(_ => bridge.EndAsync(a, "peer-hangup"), TaskScheduler.Default).Unwrap();
        _ = b.WhenEndedAsync().ContinueWith(_ => bridge.EndAsync(b, "peer-hangup"), TaskScheduler.Default).Unwrap();
        services.CallLog?.Invoke($"bridge {a.CallId} <-> {b.CallId}: joined{(bridge.RelaysMedia ? ", relaying media" : string.Empty)}");
        return bridge;
    }

    /// <summary>Ends the bridge because <paramref name="first"/> ended: the other leg is hung up, then media stops.</summary>
    private async Task EndAsync(Call first, string otherCause)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        var other = ReferenceEquals(first, _a) ? _b : _a;
        try
        {
            await other.EndAsync(CallEndedBy.Server, otherCause);
            if (_media is { } media)
            {
                await media.DisposeAsync();
            }
        }
#pragma warning disable CA1031 // The bridge is ending anyway; a failure here is logged and the legs still end.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _services.Log?.Invoke($"bridge {_a.CallId} <-> {_b.CallId}: ending failed: {e.Message}");
        }
        finally
        {
            _a.HoldChanged -= OnHoldChanged;
            _b.HoldChanged -= OnHoldChanged;
            _services.CallLog?.Invoke($"bridge {_a.CallId} <-> {_b.CallId}: ended by {first.CallId}");
            _completed.TrySetResult();
        }
    }

    /// <summary>One leg put the bridge on hold or resumed it: the other leg is offered the same by re-INVITE (sendonly, or sendrecv again).</summary>
    private void OnHoldChanged(Call leg, bool active)
    {
        var other = ReferenceEquals(leg, _a) ? _b : _a;
        _services.CallLog?.Invoke($"bridge {_a.CallId} <-> {_b.CallId}: {leg.CallId} {(active ? "resumed" : "on hold")}; telling {other.CallId}");
        _ = other.OfferDirectionAsync(active ? "sendrecv" : "sendonly");
    }
}
