using Telephony.Calls.Control;
using Telephony.Calls.Signalling;
using Telephony.Sip;
using Telephony.Sip.Dialogs;
using Telephony.Sip.Headers;
using Telephony.Sip.Messages;

namespace Telephony.Calls.Outbound;

/// <summary>
/// Places one outbound leg's INVITE: writes the leg's CDR row first (the intent), then tries each
/// route in order (each trunk's addresses in RFC 3263 order), the next one on a transport error,
/// 408 or 503; gives up with CANCEL when the ring timeout passes.
/// </summary>
/// <param name="headers">Extra headers on every INVITE of the attempt (a bridged transfer's context); empty for none.</param>
internal sealed class OutboundDialer(SipStack stack, CallServices services, IReadOnlyList<SipHeader> headers)
{
    public async Task<CallAttemptResult> RunAsync(Call call, OutboundSignalling signalling, IReadOnlyList<DialRoute> routes, string? from, TimeSpan ringTimeout)
    {
        // The intent before the side effect: a crash from here on leaves the attempt on record.
        await services.Cdrs.OpenAsync(call.Opening());
        using var timeout = new CancellationTokenSource(ringTimeout, services.Time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(signalling.Invite.Token, timeout.Token);
        var status = 503;
        var reason = "no route";
        foreach (var route in routes)
        {
            if (cancel.IsCancellationRequested)
            {
                break;
            }

            var hops = SipUri.TryParse(route.NextHop, out var next) ? await stack.LocateAsync(next, cancel.Token) : [];
            if (hops.Count == 0)
            {
                (status, reason) = (503, $"no address for {route.NextHop}");
                services.Log?.Invoke($"call {call.CallId}: {reason}{(route.Trunk is { } t ? $" (trunk {t})" : string.Empty)}");
                continue;
            }

            call.Trunk = route.Trunk;
            signalling.RemoteAddress = hops[0].EndPoint.Address;
            signalling.From = FromUri(from, route);
            signalling.To = route.To;
            var options = new OutgoingCallOptions
            {
                CallId = call.CallId,
                RequestUri = route.RequestUri,
                From = signalling.From,
                To = route.To,
                Destination = hops[0].EndPoint,
                Transport = hops[0].Transport,
                Sdp = call.BuildOffer(LocalAddress.Toward(hops[0].EndPoint.Address, stack.Options.AdvertisedAddress)),
                Credentials = route.Credentials,
                OutboundProxy = route.OutboundProxy,
                OnProvisional = call.OnProvisional,
                ExtraHeaders = headers,
            };
            services.CallLog?.Invoke($"call {call.CallId}: calling {route.RequestUri} via {hops[0]}{(route.Trunk is { } name ? $" (trunk {name})" : string.Empty)}");
            var result = await stack.InviteAnyAsync(options, hops, cancel.Token);
            if (result.Answered)
            {
                return await call.OnAnsweredAsync(signalling, result);
            }

            (status, reason) = (result.Status, result.Reason);
            if (cancel.IsCancellationRequested || result.Status is not (408 or 503))
            {
                break;
            }

            services.Log?.Invoke($"call {call.CallId}: {result.Status} {result.Reason} via {route.Trunk ?? route.NextHop}; trying the next route");
        }

        var outcome = call.OnFailed(status, reason, signalling.Invite.IsCancellationRequested, timeout.IsCancellationRequested);
        services.CallLog?.Invoke($"call {call.CallId}: to {call.To} failed: {outcome.SipStatus} {outcome.Reason} ({outcome.Cause})");
        return outcome;
    }

    /// <summary>Our From: a URI as given, a bare number at the route's host, or the server's own identity.</summary>
    public static string FromUri(string? from, DialRoute route)
    {
        if (from is { Length: > 0 } && (from.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || from.StartsWith("sips:", StringComparison.OrdinalIgnoreCase)))
        {
            return from;
        }

        var user = from is { Length: > 0 } ? from.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? from[4..] : from : "telephony";
        return $"sip:{user}@{route.FromHost}";
    }
}
