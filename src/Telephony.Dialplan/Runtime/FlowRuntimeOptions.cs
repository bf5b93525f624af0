namespace Telephony.Dialplan.Runtime;

/// <summary>What every flow run shares: the webhook client, the clock, a bound on steps per call, and the speech that renders TTS on plain calls.</summary>
/// <param name="MaxSteps">Steps one call may run before it is ended as an error; a guard against loops that keep a line busy forever.</param>
/// <param name="Speech">Renders TTS and say prompts into prompts a plain call plays; null skips TTS and reads say values from the digit recordings.</param>
/// <param name="Queues">Agent queues for <c>transfer: queue:NAME</c> on plain calls; null: every queue is busy (the step's fallback runs).</param>
public sealed record FlowRuntimeOptions(HttpClient Http, TimeProvider Time, int MaxSteps = 5000, IPromptSpeech? Speech = null, Calls.Queues.ICallQueues? Queues = null);
