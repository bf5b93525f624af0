using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Finds traps: steps from which control can only circle through steps that finish at once
/// (set, if, switch, goto), never reaching a step that plays, listens or calls anything, nor the
/// end. A call entering one would hang in silence forever. A counting loop with a way out
/// (if: tries &lt; 3 ... else on) is not a trap.
/// </summary>
internal static class LoopChecker
{
    public static void Check(DiagnosticBag diagnostics, Flow flow)
    {
        var reported = new HashSet<Step>();
        foreach (var start in flow.AllSteps.Where(IsInstant))
        {
            if (reported.Contains(start) || Trap(start) is not { } trap)
            {
                continue;
            }

            reported.UnionWith(trap);
            var ordered = flow.AllSteps.Where(trap.Contains).ToList();
            var at = ordered.OfType<GotoStep>().FirstOrDefault() ?? ordered[0];
            diagnostics.Error(at.At, $"these steps loop forever without playing, listening or calling anything ({string.Join(", ", ordered.Select(s => s.Id))}); the caller would hear silence. Put a menu, gather or play in the loop, or a way out of it");
        }
    }

    /// <summary>Steps that hand control on without waiting for anything.</summary>
    private static bool IsInstant(Step step) => step is SetStep or IfStep or SwitchStep or GotoStep;

    /// <summary>Everything reachable from <paramref name="start"/> when that is a closed set of instant steps; null when there is a way out.</summary>
    private static HashSet<Step>? Trap(Step start)
    {
        var seen = new HashSet<Step> { start };
        var pending = new Stack<Step>([start]);
        while (pending.TryPop(out var step))
        {
            foreach (var transition in step.Transitions)
            {
                if (transition.Target is not { } next || !IsInstant(next))
                {
                    return null;
                }

                if (seen.Add(next))
                {
                    pending.Push(next);
                }
            }
        }

        return seen;
    }
}
