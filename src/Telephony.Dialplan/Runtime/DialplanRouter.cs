using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Picks the flow that serves a call among the dialplans served together: the first route (in
/// file order) whose conditions all hold — called number, caller patterns, INVITE headers, time
/// window, <c>when</c> — in files that route by explicit conditions first, then the default file
/// (the one with a catch-all route, or without routes: every call runs its <c>main</c>).
/// </summary>
public static class DialplanRouter
{
    public static RouteMatch? Route(IReadOnlyList<DialplanModel> dialplans, CallInfo call, TimeProvider time)
    {
        // A default file takes only calls that no other file claims, wherever it sorts.
        foreach (var dialplan in dialplans.OrderBy(IsDefault))
        {
            if (Route(dialplan, call, time) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    public static RouteMatch? Route(DialplanModel dialplan, CallInfo call, TimeProvider time)
    {
        if (dialplan.Routes.Count == 0)
        {
            return dialplan.Flows.TryGetValue("main", out var main) ? new RouteMatch(dialplan, main, null) : null;
        }

        var scope = new CallVariables(dialplan, call, time);
        var now = time.GetUtcNow();
        foreach (var route in dialplan.Routes)
        {
            if (Matches(route, dialplan, call, scope, now) && dialplan.Flows.TryGetValue(route.FlowName, out var flow))
            {
                return new RouteMatch(dialplan, flow, route);
            }
        }

        return null;
    }

    private static bool IsDefault(DialplanModel dialplan) => dialplan.Routes.Count == 0 || dialplan.Routes.Any(IsCatchAll);

    private static bool IsCatchAll(Route r) =>
        r.Did.Count == 0 && r.Caller.Count == 0 && r.Headers.Count == 0 && r.Open is null && r.Closed is null && r.When is null;

    private static bool Matches(Route route, DialplanModel dialplan, CallInfo call, CallVariables scope, DateTimeOffset now)
    {
        if (route.Did.Count > 0 && !route.Did.Any(p => p.IsMatch(call.Did)))
        {
            return false;
        }

        if (route.Caller.Count > 0 && !route.Caller.Any(p => p.IsMatch(call.Caller)))
        {
            return false;
        }

        if (route.Headers.Any(h => !h.Value.IsMatch(call.Header(h.Key))))
        {
            return false;
        }

        if (route.Open is { } open && !(dialplan.Hours.TryGetValue(open, out var o) && o.IsOpen(now)))
        {
            return false;
        }

        if (route.Closed is { } closed && dialplan.Hours.TryGetValue(closed, out var c) && c.IsOpen(now))
        {
            return false;
        }

        return route.When is not { } when || ExpressionEvaluator.IsTrue(when, scope);
    }
}
