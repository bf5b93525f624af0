using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>switch</c>: evaluates <see cref="Value"/> as text and goes to the equal case, else to <see cref="Default"/> (or on).</summary>
public sealed class SwitchStep : Step
{
    public required Expr Value { get; init; }

    public required string Source { get; init; }

    public required IReadOnlyList<SwitchCase> Cases { get; init; }

    public Branch? Default { get; init; }

    public override IEnumerable<(Outcome, string?, Branch)> Branches()
    {
        var cases = Cases.Select(c => (Outcome.Case, (string?)c.Match, c.Then));
        return Default is null ? cases : cases.Append((Outcome.Default, null, Default));
    }
}
