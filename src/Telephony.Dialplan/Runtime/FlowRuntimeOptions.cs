namespace Telephony.Dialplan.Runtime;

/// <summary>What every flow run shares: the webhook client, the clock, and a bound on steps per call.</summary>
/// <param name="MaxSteps">Steps one call may run before it is ended as an error; a guard against loops that keep a line busy forever.</param>
public sealed record FlowRuntimeOptions(HttpClient Http, TimeProvider Time, int MaxSteps = 5000);
