using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>if</c>: evaluates <see cref="Condition"/>; goes to <see cref="Then"/>, or <see cref="Else"/> (or on) when false.</summary>
public sealed class IfStep : Step
{
    public required Expr Condition { get; init; }

    public required string Source { get; init; }

    public required Branch Then { get; init; }

    public Branch? Else { get; init; }

    public override IEnumerable<(Outcome, string?, Branch)> Branches() =>
        Else is null ? [(Outcome.Then, null, Then)] : [(Outcome.Then, null, Then), (Outcome.Else, null, Else)];
}
