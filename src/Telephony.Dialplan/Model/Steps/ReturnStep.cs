namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>return</c>: ends the current subflow (in a routed flow: ends the call normally).</summary>
public sealed class ReturnStep : Step
{
    public override bool FallsThrough => false;
}
