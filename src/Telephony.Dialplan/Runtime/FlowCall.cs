using Telephony.Calls;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The call as the steps use it: everything through <see cref="IDialplanCall"/> when the runner was
/// given one (the simulator), else the nearest real thing on a plain <see cref="ICall"/>: TTS skipped and
/// values read from digit files, speech input unavailable (menus and gathers take DTMF only).
/// </summary>
/// <param name="call">The call.</param>
/// <param name="full">The same call's full interface when it has one (said by whoever built the runner, never probed), else null.</param>
/// <param name="observer">Hears notes about what was done the nearest real way.</param>
public sealed class FlowCall(ICall call, IDialplanCall? full, IFlowObserver observer)
{
    public ICall Call { get; } = call;

    /// <summary>The full interface, or null on a plain call.</summary>
    public IDialplanCall? Full { get; } = full;

    public async Task PlayAsync(IReadOnlyList<RenderedPrompt> prompts, bool interruptible)
    {
        if (Full is { } full)
        {
            await full.PlayPromptsAsync(prompts, interruptible);
            return;
        }

        var files = PromptRenderer.ToFiles(prompts, observer.Note);
        if (files.Count > 0)
        {
            await Call.PlayAsync(files, interruptible);
        }
    }

    public async Task<CallInput> ReadAsync(InputRequest request)
    {
        if (Full is { } full)
        {
            return await full.ReadInputAsync(request);
        }

        if (request.Mode == InputMode.Speech)
        {
            // No recogniser on real calls yet: waiting would only make the caller talk to silence.
            observer.Note("no speech recognition on this call: counted as no input");
            return CallInput.None;
        }

        var digits = await Call.GatherDigitsAsync(new GatherOptions(request.MaxDigits, request.Terminator, request.FirstTimeout, request.InterDigitTimeout));
        return digits.Length == 0 ? CallInput.None : new CallInput(digits, "dtmf");
    }
}
