using Telephony.Calls.Recording;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The <c>record</c> step: its prompt, then the call's recorder with the step's rules, and the
/// result in variables: NAME (the WAV's path, '' when nothing was said), NAME_duration (seconds),
/// NAME_reason (key, silence, max_length, hangup), NAME_key (the stop key) and NAME_text (the
/// transcription with <c>transcribe: true</c>).
/// </summary>
public static class RecordRunner
{
    public static async Task RunAsync(RecordStep record, FlowCall call, CallVariables vars, IFlowObserver observer)
    {
        if (record.Prompt.Count > 0)
        {
            await call.PlayAsync(PromptRenderer.Render(record.Prompt, vars), interruptible: false);
        }

        var options = new RecordingOptions(record.MaxLength, record.Silence, record.StopKeys, record.Beep, record.Transcribe,
            string.IsNullOrEmpty(vars.Language) ? "en-US" : vars.Language);
        if (await call.Call.RecordAsync(options) is not { } result)
        {
            observer.Note("no recorder on this call: the message is empty");
            Store(vars, record.Variable, string.Empty, 0m, string.Empty, string.Empty, string.Empty);
            return;
        }

        if (result.Path.Length == 0)
        {
            observer.Note($"nothing recorded ({result.ReasonText})");
        }
        else if (record.Transcribe && result.Engine.Length == 0)
        {
            observer.Note("not transcribed: no free-speech recogniser on this call");
        }

        Store(vars, record.Variable, result.Path, Math.Round((decimal)result.Duration.TotalSeconds, 2), result.ReasonText,
            result.Key?.ToString() ?? string.Empty, result.Text);
    }

    private static void Store(CallVariables vars, string name, string path, decimal seconds, string reason, string key, string text)
    {
        vars.Set(name, path);
        vars.Set(name + "_duration", seconds);
        vars.Set(name + "_reason", reason);
        vars.Set(name + "_key", key);
        vars.Set(name + "_text", text);
    }
}
