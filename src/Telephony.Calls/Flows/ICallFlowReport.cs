namespace Telephony.Calls.Flows;

/// <summary>What a flow reports about the leg it runs on: where it is (registry, call.step events) and how it ended (the CDR).</summary>
public interface ICallFlowReport
{
    /// <summary>What the flow did, for the CDR's flow column (<c>bank/main: hangup normal at banking/goodbye</c>).</summary>
    string? FlowOutcome { get; set; }

    /// <summary>The flow entered a step.</summary>
    void StepEntered(string flow, string step);
}
