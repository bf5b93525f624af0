using System.Globalization;
using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// Fills in prompt templates, and turns prompts into what a plain <see cref="Telephony.Calls.ICall"/>
/// can play: files. TTS and say prompts go to the runtime's <see cref="IPromptSpeech"/> when it has
/// one; without it, TTS text is skipped (and noted), and values are read one character at a time
/// from the digit recordings (<c>digits/0</c> ... <c>digits/9</c>), which is how the demo flow reads digits back.
/// </summary>
public static class PromptRenderer
{
    public static IReadOnlyList<RenderedPrompt> Render(IReadOnlyList<Prompt> prompts, CallVariables vars) =>
        [.. prompts.Select(p => Render(p, vars))];

    public static RenderedPrompt Render(Prompt prompt, CallVariables vars) => prompt switch
    {
        FilePrompt f => new RenderedPrompt(PromptKind.File, ExpressionEvaluator.RenderText(f.Path, vars)),
        TtsPrompt t => new RenderedPrompt(PromptKind.Tts, ExpressionEvaluator.RenderText(t.Text, vars), Language: t.Language ?? vars.Language, Voice: t.Voice ?? vars.Voice),
        // A say in the flow's language speaks with the flow's voice; one in another language lets that language choose.
        SayPrompt s => new RenderedPrompt(PromptKind.Say, ExpressionEvaluator.RenderText(s.Value, vars), s.As, s.Currency, s.Language ?? vars.Language, s.Language is null ? vars.Voice : null),
        _ => new RenderedPrompt(PromptKind.Tts, string.Empty),
    };

    /// <summary>The files a plain call plays for <paramref name="prompts"/>; <paramref name="skipped"/> hears what could not be played.</summary>
    public static IReadOnlyList<string> ToFiles(IReadOnlyList<RenderedPrompt> prompts, Action<string> skipped)
    {
        var files = new List<string>();
        foreach (var prompt in prompts)
        {
            switch (prompt.Kind)
            {
                case PromptKind.File:
                    files.Add(prompt.Text);
                    break;
                case PromptKind.Say:
                    files.AddRange(SpokenCharacters(prompt).Select(DigitFile));
                    break;
                default:
                    skipped($"no speech synthesiser: skipped {prompt}");
                    break;
            }
        }

        return files;
    }

    /// <summary>
    /// The files a plain call plays for <paramref name="prompts"/>, TTS and say prompts rendered by
    /// <paramref name="speech"/> (in order, before anything plays: a list is heard whole or not at
    /// all); <paramref name="skipped"/> hears what could not be played.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ToFilesAsync(IReadOnlyList<RenderedPrompt> prompts, IPromptSpeech? speech, Action<string> skipped, CancellationToken cancellationToken)
    {
        if (speech is null)
        {
            return ToFiles(prompts, skipped);
        }

        var files = new List<string>();
        foreach (var prompt in prompts)
        {
            if (prompt.Kind == PromptKind.File)
            {
                files.Add(prompt.Text);
                continue;
            }

            var spoken = await speech.RenderAsync(prompt, cancellationToken);
            if (spoken.Problem is { } problem)
            {
                skipped($"cannot speak {prompt}: {problem}");
            }

            files.AddRange(spoken.Names);
        }

        return files;
    }

    /// <summary>The characters of a value that have a recording: digits (and * #) for every kind of say.</summary>
    private static IEnumerable<char> SpokenCharacters(RenderedPrompt prompt)
    {
        var text = prompt.As is SayAs.Number or SayAs.Currency && decimal.TryParse(prompt.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
            ? Math.Round(n, 2).ToString(CultureInfo.InvariantCulture)
            : prompt.Text;
        return text.Where(c => char.IsAsciiDigit(c) || c is '*' or '#');
    }

    private static string DigitFile(char c) => c switch
    {
        '*' => "digits/star",
        '#' => "digits/pound",
        _ => "digits/" + c,
    };
}
