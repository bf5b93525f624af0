namespace Telephony.Dialplan.Simulation;

/// <summary>One simulated call: who calls whom, when, with which INVITE headers, doing what.</summary>
/// <param name="At">The call's time; a time without an offset is read in the dialplan's timezone.</param>
/// <param name="Variables">Values that replace the dialplan's <c>variables:</c> (e.g. a webhook base URL pointing at a test server).</param>
public sealed record SimulationRequest(
    string From,
    string To,
    IReadOnlyList<SimulatedInput> Inputs,
    DateTimeOffset At,
    IReadOnlyDictionary<string, string>? Headers = null,
    IReadOnlyDictionary<string, string>? Variables = null);
