using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model;

/// <summary>
/// One step of a flow. The YAML keyword is <see cref="Kind"/>; where control goes when the step
/// finishes is in <see cref="Transitions"/>, filled in by the linker: for each outcome the
/// runtime may observe (done, a menu choice, then/else, a switch case, fallback, failed), the
/// next step, or null when the flow ends there (a subflow returns; a routed flow hangs up).
/// </summary>
public abstract class Step
{
    /// <summary>The YAML keyword: answer, play, say, menu, gather, set, if, switch, http, record, transfer, goto, subflow, return, hangup.</summary>
    public required string Kind { get; init; }

    /// <summary>The step's <c>name:</c>, the target of gotos and branches; null when unnamed.</summary>
    public string? Name { get; init; }

    /// <summary>Where the step's kind keyword is written.</summary>
    public required SourceLocation At { get; init; }

    /// <summary>Where the step's name is written (its keyword when unnamed); errors about the name point here.</summary>
    public SourceLocation NameAt { get; internal set; }

    /// <summary>Unique within the flow: the name, or kind@line:column for unnamed steps. Stable state names for a state machine.</summary>
    public string Id => Name ?? $"{Kind}@{At.Line}:{At.Column}";

    public IReadOnlyList<Transition> Transitions { get; internal set; } = [];

    /// <summary>The branches written on this step (nested blocks included), for linking.</summary>
    public virtual IEnumerable<(Outcome Outcome, string? Label, Branch Branch)> Branches() => [];

    /// <summary>False for steps after which control never falls to the next step (goto, return, hangup).</summary>
    public virtual bool FallsThrough => true;

    public override string ToString() => Id;
}
