using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Turns a flow's nested steps into a graph: resolves step names, gives every step its
/// transitions (the step after it, branch targets, the end), and reports duplicate names,
/// dangling targets and steps control can never reach.
/// </summary>
internal sealed class Linker
{
    private readonly DiagnosticBag _diagnostics;
    private readonly Flow _flow;
    private readonly IReadOnlyDictionary<string, Flow> _flows;
    private readonly Dictionary<string, Step> _named = new(StringComparer.Ordinal);
    private readonly List<Step> _all = [];

    /// <summary>The step that follows each step when it falls through (null: the flow ends).</summary>
    private readonly Dictionary<Step, Step?> _next = [];
    private readonly IReadOnlySet<string> _brokenNames;

    private Linker(DiagnosticBag diagnostics, Flow flow, IReadOnlyDictionary<string, Flow> flows, IReadOnlySet<string> brokenNames)
    {
        _diagnostics = diagnostics;
        _flow = flow;
        _flows = flows;
        _brokenNames = brokenNames;
    }

    /// <param name="brokenNames">Names of steps that failed to read: jumps to them are not reported again.</param>
    /// <param name="brokenBranches">
    /// Branches of steps that failed to read: their blocks' steps and their targets are checked
    /// too (where such a block would continue is unknown, so it is taken to end the flow), so a
    /// wrong target is reported with the step's own mistakes, not after they are fixed.
    /// </param>
    /// <param name="complete">False when some step of the flow failed to read: reachability is then not judged.</param>
    public static void Link(DiagnosticBag diagnostics, Flow flow, IReadOnlyDictionary<string, Flow> flows, IReadOnlySet<string> brokenNames, IReadOnlyList<Branch> brokenBranches, bool complete)
    {
        var linker = new Linker(diagnostics, flow, flows, brokenNames);
        linker.Collect(flow.Steps, continuation: null);
        foreach (var branch in brokenBranches)
        {
            if (branch.Block is { } block)
            {
                linker.Collect(block, continuation: null);
            }
        }

        flow.AllSteps = linker._all;
        foreach (var step in linker._all)
        {
            step.Transitions = linker.TransitionsOf(step);
        }

        foreach (var branch in brokenBranches.Where(b => b.Block is null))
        {
            linker.Resolve(branch, next: null);
        }

        if (complete)
        {
            linker.ReportUnreachable();
        }
    }

    /// <summary>Records every step depth first with the step that follows it; a block continues after its parent.</summary>
    private void Collect(IReadOnlyList<Step> block, Step? continuation)
    {
        for (var i = 0; i < block.Count; i++)
        {
            var step = block[i];
            var next = i + 1 < block.Count ? block[i + 1] : continuation;
            _all.Add(step);
            _next[step] = next;
            if (step.Name is { } name && !_named.TryAdd(name, step))
            {
                _diagnostics.Error(step.NameAt, $"step name '{name}' is already used in flow '{_flow.Name}' (line {_named[name].NameAt.Line}); names must be unique within a flow");
            }

            foreach (var (_, _, branch) in step.Branches())
            {
                if (branch.Block is { } inner)
                {
                    Collect(inner, next);
                }
            }
        }
    }

    private List<Transition> TransitionsOf(Step step)
    {
        var next = _next[step];
        var transitions = new List<Transition>();
        foreach (var (outcome, label, branch) in step.Branches())
        {
            branch.Target = Resolve(branch, next);
            transitions.Add(new Transition(outcome, label, branch.Target));
        }

        // Outcomes a step has without writing a branch for them: they continue with the next step.
        switch (step)
        {
            case IfStep { Else: null }:
                transitions.Add(new Transition(Outcome.Else, null, next));
                break;
            case SwitchStep { Default: null }:
                transitions.Add(new Transition(Outcome.Default, null, next));
                break;
            case TransferStep transfer:
                transitions.Add(new Transition(Outcome.Transferred, null, null));
                if (transfer.Fallback is null)
                {
                    transitions.Add(new Transition(Outcome.Fallback, null, next));
                }

                break;
            case MenuStep or IfStep or SwitchStep:
                break;
            case GatherStep or HttpStep or SubflowStep or PlayStep or AnswerStep or SetStep or RecordStep:
                transitions.Insert(0, new Transition(Outcome.Done, null, next));
                break;
        }

        return transitions;
    }

    private Step? Resolve(Branch branch, Step? next)
    {
        if (branch.Block is { } block)
        {
            return block.Count > 0 ? block[0] : next;
        }

        var name = branch.StepName!;
        if (_named.TryGetValue(name, out var target))
        {
            return target;
        }

        if (_brokenNames.Contains(name))
        {
            return null;
        }

        var elsewhere = _flows.Values.FirstOrDefault(f => f != _flow && Descendants(f.Steps).Any(s => s.Name == name));
        var hint = _flows.ContainsKey(name) ? $"; '{name}' is a flow: run it with 'subflow: {name}'"
            : elsewhere is not null ? $"; it is a step of flow '{elsewhere.Name}', and goto stays within a flow"
            : Hints.Closest(name, _named.Keys) is { } close ? $" (did you mean '{close}'?)"
            : string.Empty;
        _diagnostics.Error(branch.At, $"no step named '{name}' in flow '{_flow.Name}'{hint}");
        return null;
    }

    /// <summary>Steps and the steps of their blocks, at any depth (other flows may not be linked yet).</summary>
    private static IEnumerable<Step> Descendants(IEnumerable<Step> steps) =>
        steps.SelectMany(s => s.Branches().Select(b => b.Branch.Block).OfType<IReadOnlyList<Step>>().SelectMany(Descendants).Prepend(s));

    /// <summary>Reports the first step of every run of steps control cannot reach from the flow's entry.</summary>
    private void ReportUnreachable()
    {
        var reached = new HashSet<Step>();
        var pending = new Stack<Step>();
        if (_flow.Entry is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.TryPop(out var step))
        {
            if (reached.Add(step))
            {
                foreach (var t in step.Transitions)
                {
                    if (t.Target is { } target)
                    {
                        pending.Push(target);
                    }
                }
            }
        }

        var previousReached = true;
        foreach (var step in _all)
        {
            var isReached = reached.Contains(step);
            if (!isReached && previousReached)
            {
                var before = _next.FirstOrDefault(p => p.Value == step && !p.Key.Transitions.Any(t => t.Target == step)).Key;
                _diagnostics.Error(step.At, $"this '{step.Kind}' step can never run: {Why(before)} and nothing jumps to it{(step.Name is null ? "; name it and goto it, or remove it" : "; goto it, or remove it")}");
            }

            previousReached = isReached;
        }
    }

    /// <summary>Why control does not fall from <paramref name="before"/> to the step after it: the usual surprises, said plainly.</summary>
    private static string Why(Step? before) => before switch
    {
        Model.Steps.MenuStep => "a menu goes on only through its choices and its fallback",
        Model.Steps.GotoStep or Model.Steps.ReturnStep or Model.Steps.HangupStep => $"'{before.Kind}' never continues to the next step",
        Model.Steps.IfStep or Model.Steps.SwitchStep => $"every branch of the '{before.Kind}' above goes elsewhere",
        _ => "the step before it does not continue here",
    };
}
