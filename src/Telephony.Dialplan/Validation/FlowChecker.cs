using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Checks how flows use each other: routes and subflow steps name existing flows, arguments fit
/// parameters, no flow calls itself (directly or not), and every flow is used.
/// </summary>
internal static class FlowChecker
{
    public static void Check(DiagnosticBag diagnostics, DialplanModel model)
    {
        var entries = new List<Flow>();
        Route? catchAll = null;
        foreach (var route in model.Routes)
        {
            if (catchAll is not null)
            {
                diagnostics.Error(route.At, $"this route can never match: the route at line {catchAll.At.Line} has no condition and takes every call; move the catch-all route last");
            }
            else if (route is { Did.Count: 0, Caller.Count: 0, Headers.Count: 0, Open: null, Closed: null, When: null })
            {
                catchAll = route;
            }

            if (route.FlowName.Length == 0)
            {
                continue;
            }

            if (model.Flows.TryGetValue(route.FlowName, out var flow))
            {
                entries.Add(flow);
                if (flow.Parameters.Any(p => p.Required))
                {
                    diagnostics.Error(route.At, $"route runs flow '{flow.Name}', which has required parameters; a route cannot pass arguments, so give them defaults or start with a flow that calls it with 'subflow'");
                }
            }
            else
            {
                diagnostics.Error(route.At, $"route names flow '{route.FlowName}', which does not exist{Hints.Suggest(route.FlowName, [.. model.Flows.Keys])}");
            }
        }

        if (model.Routes.Count == 0)
        {
            if (model.Flows.TryGetValue("main", out var main))
            {
                entries.Add(main);
            }
            else if (model.Flows.Count > 0)
            {
                diagnostics.Error(model.Flows.Values.First().At, "without 'routes:', calls run the flow named 'main', and there is none; rename your first flow to 'main' or add routes");
            }
        }

        foreach (var step in model.AllSteps.OfType<SubflowStep>())
        {
            CheckCall(diagnostics, model, step);
        }

        // Without any entry everything looks unused; the missing entry was reported instead.
        var used = entries.Count == 0 ? [.. model.Flows.Values] : Reachable(model, entries);
        foreach (var flow in model.Flows.Values.Where(f => !used.Contains(f)))
        {
            diagnostics.Error(flow.At, $"flow '{flow.Name}' is never used: no route runs it and no reachable 'subflow' step calls it");
        }

        ReportCycles(diagnostics, model);
    }

    private static void CheckCall(DiagnosticBag diagnostics, DialplanModel model, SubflowStep step)
    {
        if (!model.Flows.TryGetValue(step.FlowName, out var callee))
        {
            diagnostics.Error(step.At, $"no flow named '{step.FlowName}'{Hints.Suggest(step.FlowName, [.. model.Flows.Keys])}");
            return;
        }

        step.Flow = callee;
        var names = callee.Parameters.Select(p => p.Name).ToList();
        foreach (var argument in step.Arguments.Where(a => !names.Contains(a.Parameter)))
        {
            var hint = names.Count == 0 ? $"; flow '{callee.Name}' takes no parameters" : Hints.Suggest(argument.Parameter, names);
            diagnostics.Error(argument.At, $"flow '{callee.Name}' has no parameter '{argument.Parameter}'{hint}");
        }

        foreach (var missing in callee.Parameters.Where(p => p.Required && step.Arguments.All(a => a.Parameter != p.Name)))
        {
            diagnostics.Error(step.At, $"flow '{callee.Name}' needs parameter '{missing.Name}': add it under 'with:'");
        }
    }

    /// <summary>Flows run by a route, and flows called from reachable steps of flows already found.</summary>
    private static HashSet<Flow> Reachable(DialplanModel model, List<Flow> entries)
    {
        var used = new HashSet<Flow>();
        var pending = new Stack<Flow>(entries);
        while (pending.TryPop(out var flow))
        {
            if (!used.Add(flow))
            {
                continue;
            }

            foreach (var call in flow.AllSteps.OfType<SubflowStep>())
            {
                if (model.Flows.TryGetValue(call.FlowName, out var callee))
                {
                    pending.Push(callee);
                }
            }
        }

        return used;
    }

    /// <summary>A flow that calls itself would stack subflows without end; loops belong inside a flow (goto).</summary>
    private static void ReportCycles(DiagnosticBag diagnostics, DialplanModel model)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in model.Flows.Values)
        {
            var path = new List<(Flow Flow, SubflowStep? Call)>();
            Visit(start, null);

            void Visit(Flow flow, SubflowStep? call)
            {
                var index = path.FindIndex(p => p.Flow == flow);
                if (index >= 0)
                {
                    var cycle = path.Skip(index).Select(p => p.Flow.Name).Append(flow.Name);
                    diagnostics.Error(call!.At, $"flows call each other in a loop ({string.Join(" -> ", cycle)}); repeat steps with 'goto' inside one flow instead");
                    return;
                }

                if (done.Contains(flow.Name))
                {
                    return;
                }

                path.Add((flow, call));
                foreach (var next in flow.AllSteps.OfType<SubflowStep>())
                {
                    if (model.Flows.TryGetValue(next.FlowName, out var callee))
                    {
                        Visit(callee, next);
                    }
                }

                path.RemoveAt(path.Count - 1);
                done.Add(flow.Name);
            }
        }
    }
}
