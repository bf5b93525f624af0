using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Model;

/// <summary>Every prompt a step can play (for checking recordings and pre-rendering TTS).</summary>
public static class StepPrompts
{
    public static IEnumerable<Prompt> Of(Step step) => step switch
    {
        PlayStep p => p.Prompts,
        MenuStep m => m.Prompt.Concat(m.NoInput).Concat(m.Invalid),
        GatherStep g => g.Prompt.Concat(g.NoInput).Concat(g.Invalid),
        RecordStep r => r.Prompt,
        _ => [],
    };
}
