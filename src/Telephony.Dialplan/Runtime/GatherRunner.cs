using System.Text.RegularExpressions;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// The <c>gather</c> step: prompt, collect until the terminator, <c>max</c> or a timeout; input
/// shorter than <c>min</c> or not matching <c>pattern</c> is invalid. A failed try plays
/// <c>no_input</c>/<c>invalid</c> and tries again; when tries run out, the fallback, or (without
/// one) on with the variable ''.
/// </summary>
public static class GatherRunner
{
    /// <summary>How long a gather filled by <c>max</c> listens for its terminator (never longer than <c>inter_digit_timeout</c>).</summary>
    public static readonly TimeSpan StrayTerminatorWindow = TimeSpan.FromSeconds(1);

    public static async Task<Outcome> RunAsync(GatherStep gather, FlowCall call, CallVariables vars, IFlowObserver observer)
    {
        var request = new InputRequest(gather.Input, gather.Max, gather.Terminator, gather.Timeout, gather.InterDigitTimeout, gather.Keywords, gather.Language ?? vars.Language, gather.GrammarText, gather.Speech);
        for (var attempt = 1; attempt <= gather.Tries; attempt++)
        {
            if (gather.Prompt.Count > 0)
            {
                await call.PlayAsync(PromptRenderer.Render(gather.Prompt, vars), gather.Interruptible, request);
            }

            var input = await call.ReadAsync(request);
            var problem = Check(gather, input);
            call.Decided(input);
            if (input.Mode == "dtmf" && input.Text.Length >= gather.Max && gather.Terminator is { } terminator)
            {
                // Full by max: the terminator the caller may still press belongs to this gather, not the next menu.
                await call.SwallowTerminatorAsync(terminator, gather.InterDigitTimeout < StrayTerminatorWindow ? gather.InterDigitTimeout : StrayTerminatorWindow);
            }

            if (problem is null)
            {
                vars.SetInput(input.Text, input.Mode);
                vars.Set(gather.Variable, input.Text);
                return Outcome.Done;
            }

            observer.Note($"{problem} (try {attempt} of {gather.Tries})");
            var sorry = input.Text.Length == 0 ? gather.NoInput : gather.Invalid;
            if (attempt < gather.Tries && sorry.Count > 0)
            {
                await call.PlayAsync(PromptRenderer.Render(sorry, vars), interruptible: false);
            }
        }

        vars.Set(gather.Variable, string.Empty);
        return gather.Fallback is null ? Outcome.Done : Outcome.Fallback;
    }

    private static string? Check(GatherStep gather, CallInput input)
    {
        if (input.Text.Length == 0)
        {
            return gather.Min == 0 ? null : "no input";
        }

        // min counts digits; an utterance only has to be non-empty.
        if (input.Mode == "dtmf" && input.Text.Length < gather.Min)
        {
            return $"'{input.Text}' is shorter than {gather.Min}";
        }

        try
        {
            return gather.Pattern is { } pattern && !Regex.IsMatch(input.Text, pattern, RegexOptions.CultureInvariant, RegexBudget.PerMatch)
                ? $"'{input.Text}' does not match {pattern}"
                : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return $"'{input.Text}' took too long to check against {gather.Pattern}";
        }
    }
}
