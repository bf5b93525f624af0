namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>set</c>: assigns variables in order (a later one may use an earlier one).</summary>
public sealed class SetStep : Step
{
    public required IReadOnlyList<Assignment> Assignments { get; init; }
}
