using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model;

/// <summary>
/// Where a branch (then, else, a choice, a case, fallback) goes: the name of a step of the same
/// flow, or an inline block of steps that, when it ends, continues after the branching step.
/// </summary>
public sealed class Branch
{
    private Branch(SourceLocation at, string? stepName, IReadOnlyList<Step>? block)
    {
        At = at;
        StepName = stepName;
        Block = block;
    }

    public SourceLocation At { get; }

    /// <summary>The named step to go to; null for a block.</summary>
    public string? StepName { get; }

    /// <summary>The inline steps; null for a named target.</summary>
    public IReadOnlyList<Step>? Block { get; }

    /// <summary>The first step control goes to, null when the flow ends (resolved by the linker).</summary>
    public Step? Target { get; internal set; }

    public static Branch ToStep(SourceLocation at, string name) => new(at, name, null);

    public static Branch ToBlock(SourceLocation at, IReadOnlyList<Step> steps) => new(at, null, steps);
}
