using Telephony.Calls;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// What a dialplan can ask of a call beyond <see cref="ICall"/>: synthesised and spoken-value
/// prompts, speech input and agent queues (recording is <see cref="ICall.RecordAsync"/>, on every call). The simulated call implements it; a real
/// call gets it when that machinery lands. Until then the runtime does the nearest real thing
/// on a plain <see cref="ICall"/> (see <see cref="FlowRunner"/>).
/// </summary>
public interface IDialplanCall : ICall
{
    /// <summary>Plays prompts in order (files, TTS text, values); with <paramref name="interruptible"/> the caller's first key or word stops it and stays queued.</summary>
    Task PlayPromptsAsync(IReadOnlyList<RenderedPrompt> prompts, bool interruptible);

    /// <summary>Waits for digits or an utterance as <paramref name="request"/> allows.</summary>
    Task<CallInput> ReadInputAsync(InputRequest request);

    /// <summary>Hands the call to an agent queue; true when an agent took it.</summary>
    Task<bool> TransferToQueueAsync(string queue, TimeSpan timeout);
}
