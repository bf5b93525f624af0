using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The <c>menu</c> step: prompt, wait for a key or phrase, and pick the choice; no input plays
/// <c>no_input</c>, a wrong one <c>invalid</c>, each using one of <c>tries</c>, then the prompt
/// repeats; when tries run out, the fallback.
/// </summary>
public static class MenuRunner
{
    public static async Task<(Outcome Outcome, string? Label)> RunAsync(MenuStep menu, FlowCall call, CallVariables vars, IFlowObserver observer)
    {
        var phrases = menu.Choices.SelectMany(c => c.Phrases).ToList();
        var request = new InputRequest(menu.Input, 1, null, menu.Timeout, menu.Timeout, phrases, vars.Language, Speech: menu.Speech, PhrasesAreChoices: true);
        for (var attempt = 1; attempt <= menu.Tries; attempt++)
        {
            await call.PlayAsync(PromptRenderer.Render(menu.Prompt, vars), menu.Interruptible, request);
            var input = await call.ReadAsync(request);
            var choice = Match(menu, input);
            call.Decided(input);
            if (choice is not null)
            {
                // The docs: input is the key, or the first phrase when the choice was spoken.
                var value = input.Mode == "speech" && choice.Phrases.Count > 0 ? choice.Phrases[0] : choice.Label;
                vars.SetInput(value, input.Mode);
                observer.VariableSet("input", value);
                if (menu.Into is { } into)
                {
                    vars.Set(into, value);
                }

                return (Outcome.Choice, choice.Label);
            }

            var failed = input.Mode.Length == 0 ? "no input" : $"'{input.Text}' is no choice";
            observer.Note($"{failed} (try {attempt} of {menu.Tries})");
            var sorry = input.Mode.Length == 0 ? menu.NoInput : menu.Invalid;
            if (attempt < menu.Tries && sorry.Count > 0)
            {
                await call.PlayAsync(PromptRenderer.Render(sorry, vars), interruptible: false);
            }
        }

        return (Outcome.Fallback, null);
    }

    /// <summary>A key matches exactly; speech matches a phrase ignoring case, surrounding spaces and a final full stop.</summary>
    private static MenuChoice? Match(MenuStep menu, CallInput input) => input.Mode switch
    {
        "dtmf" when menu.Input != InputMode.Speech => menu.Choices.FirstOrDefault(c => c.Key == input.Text),
        "speech" when menu.Input != InputMode.Dtmf => menu.Choices.FirstOrDefault(c => c.Phrases.Any(p => Same(p, input.Text))),
        _ => null,
    };

    private static bool Same(string phrase, string said) =>
        string.Equals(phrase.Trim(), said.Trim().TrimEnd('.', '!', '?').Trim(), StringComparison.OrdinalIgnoreCase);
}
