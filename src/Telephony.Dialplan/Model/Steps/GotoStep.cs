namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>goto</c>: continues at the named step of the same flow.</summary>
public sealed class GotoStep : Step
{
    public required Branch Target { get; init; }

    public override bool FallsThrough => false;

    public override IEnumerable<(Outcome, string?, Branch)> Branches() => [(Outcome.Done, null, Target)];
}
