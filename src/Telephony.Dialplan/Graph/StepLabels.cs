using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Graph;

/// <summary>One-line descriptions of steps, for graph nodes (and later, simulator transcripts).</summary>
public static class StepLabels
{
    private const int MaxText = 40;

    public static string Describe(Step step)
    {
        var body = step switch
        {
            AnswerStep a => a.Ring > TimeSpan.Zero ? $"answer after {a.Ring.TotalSeconds:0.#}s ring" : "answer",
            PlayStep p => $"{p.Kind} {string.Join(", ", p.Prompts.Select(Describe))}",
            MenuStep m => $"menu {string.Join(", ", m.Prompt.Select(Describe))}",
            GatherStep g => $"gather {g.Variable} ({g.Input.ToString().ToLowerInvariant()})",
            SetStep s => $"set {string.Join(", ", s.Assignments.Select(a => a.Variable))}",
            IfStep i => $"if {i.Source}",
            SwitchStep s => $"switch {s.Source}",
            HttpStep h => $"http {h.Method} {h.Url}",
            RecordStep r => $"record {r.Variable}",
            TransferStep t => $"transfer {t.Target}{(t.TargetKind == TransferTargetKind.Queue ? string.Empty : " by " + t.Mode.ToString().ToLowerInvariant())}",
            GotoStep g => $"goto {g.Target.StepName}",
            SubflowStep s => $"subflow {s.FlowName}",
            HangupStep h => h.Cause == HangupCause.Normal ? "hangup" : $"hangup {h.Cause.ToString().ToLowerInvariant()}",
            _ => step.Kind,
        };
        return Shorten(step.Name is null ? body : $"{step.Name}: {body}", MaxText * 2);
    }

    public static string Describe(Prompt prompt) => prompt switch
    {
        FilePrompt f => f.Path.ToString(),
        TtsPrompt t => "\u201c" + Shorten(t.Text.ToString(), MaxText) + "\u201d",
        SayPrompt s => $"{s.Value} as {s.As.ToString().ToLowerInvariant()}",
        _ => "?",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "\u2026";
}
