using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model;

/// <summary>
/// A named list of steps, the unit routes start and <c>subflow</c> calls. After linking, every
/// step (nested blocks included) is in <see cref="AllSteps"/> with its transitions resolved, so
/// a runtime can make one state per step and one trigger per <see cref="Outcome"/>.
/// </summary>
public sealed class Flow
{
    public required string Name { get; init; }

    public required SourceLocation At { get; init; }

    public required IReadOnlyList<FlowParameter> Parameters { get; init; }

    /// <summary>The top-level steps, in order; nested blocks hang off their branches.</summary>
    public required IReadOnlyList<Step> Steps { get; init; }

    /// <summary>The first step; null for an empty flow (which returns at once).</summary>
    public Step? Entry => Steps.Count > 0 ? Steps[0] : null;

    /// <summary>Every step, depth first in file order, each with a flow-unique <see cref="Step.Id"/>.</summary>
    public IReadOnlyList<Step> AllSteps { get; internal set; } = [];
}
