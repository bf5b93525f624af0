using System.CommandLine;
using System.Globalization;
using Telephony.Dialplan;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;
using Telephony.Server.Cli;
using Telephony.Server.Hosting;
using Telephony.Speech;
using Telephony.Speech.Synthesis;

namespace Telephony.Server.Commands;

/// <summary>
/// <c>telephony prompts render</c>: renders every TTS and say prompt of the dialplans into the
/// prompt cache the server plays from, so the first caller does not wait for the engine.
/// </summary>
internal static class PromptsCommand
{
    public static Command Create()
    {
        var dialplans = Flags.Create("dialplans", "DIR", "the dialplans folder, as serve --dialplans (default ./dialplans)");
        var data = Flags.Create("data", "DIR", "the data folder, as serve --data: the cache is DIR/prompt-cache (default ./data)");
        var voice = Flags.Create("tts-voice", "VOICE", "the flite voice of English prompts that name none, as serve --tts-voice (default kal): give the server's, or calls will not find what was rendered");
        var render = new Command("render", """
            Pre-render every TTS prompt of the dialplans into the prompt cache.
            Renders each tts and say prompt of every valid dialplan in --dialplans, as calls would ask for it (8 kHz, the dialplan's or the prompt's voice and language), into --data's prompt-cache folder, which serve plays from. A prompt already cached is not rendered again. Prompts with ${...} insertions depend on the call and are listed as skipped; invalid dialplans are reported and skipped. Prints one line per prompt and a count.
            Exit status: 0 when every prompt that could be rendered was, 1 when an engine refused one (e.g. Mandarin in Chinese characters) or a dialplan is invalid, 2 on a usage error.
            """) { dialplans, data, voice };
        render.SetAction(async (r, cancel) => await RenderAsync(
            Flags.Value(r, dialplans) ?? "./dialplans",
            Flags.Value(r, data) ?? "./data",
            Flags.Value(r, voice) ?? "kal",
            r.InvocationConfiguration.Output,
            cancel));
        return new Command("prompts", "Work with rendered prompts (prompts render)") { render };
    }

    public static async Task<int> RenderAsync(string dialplanFolder, string dataFolder, string englishVoice, TextWriter output, CancellationToken cancel)
    {
        if (englishVoice is not ("kal" or "slt" or "rms" or "awb"))
        {
            throw new UsageException($"--tts-voice must be a flite voice: kal, slt, rms or awb (got '{englishVoice}')");
        }

        if (!Directory.Exists(dialplanFolder))
        {
            throw new UsageException($"--dialplans: {dialplanFolder} is not a folder");
        }

        if (!Directory.Exists(dataFolder) && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(dataFolder))))
        {
            throw new UsageException($"--data: {dataFolder} does not exist, nor does its parent folder");
        }

        var cache = new PromptCache(DialplanSpeech.CacheFolderOf(dataFolder), SpeechSynthesizers.Create(englishVoice, englishVoice));
        int rendered = 0, cached = 0, skipped = 0, failed = 0, invalid = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in DialplanFiles.Expand([dialplanFolder]))
        {
            var result = DialplanLoader.LoadFile(file, new DialplanOptions(null));
            if (result.Model is not { } model || !result.IsValid)
            {
                invalid++;
                output.WriteLine($"{file}: invalid ({Counts.Of(result.Diagnostics.Count, "error")}; see telephony dialplan validate); skipped");
                continue;
            }

            foreach (var prompt in model.AllPrompts)
            {
                if (Rendering(prompt, model) is not { } wanted)
                {
                    if (prompt is not FilePrompt)
                    {
                        skipped++;
                        output.WriteLine($"skipped   {file}:{prompt.At}  {Describe(prompt)} (depends on the call)");
                    }

                    continue;
                }

                try
                {
                    var request = DialplanSpeech.RequestFor(wanted);
                    var entry = await cache.GetAsync(request, cancel);
                    if (!seen.Add(entry.Key))
                    {
                        continue;
                    }

                    var state = entry.Rendered ? "rendered" : "cached  ";
                    rendered += entry.Rendered ? 1 : 0;
                    cached += entry.Rendered ? 0 : 1;
                    output.WriteLine($"{state}  {file}:{prompt.At}  {entry.Engine}/{entry.Voice}  \"{request.Text}\"");
                }
                catch (SpeechException e)
                {
                    failed++;
                    output.WriteLine($"failed    {file}:{prompt.At}  {Describe(prompt)}: {e.Message}");
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Counts.Of(rendered + cached, "prompt")} in {Path.GetFullPath(cache.Folder)}: {rendered} rendered, {cached} already cached; {skipped} skipped (depend on the call), {failed} failed, {Counts.Of(invalid, "invalid dialplan")}"));
        return failed + invalid == 0 ? 0 : 1;
    }

    /// <summary>The prompt as a call would render it, when nothing in it depends on the call; else null.</summary>
    private static RenderedPrompt? Rendering(Prompt prompt, DialplanModel model) => prompt switch
    {
        // As PromptRenderer fills them in with the call's defaults (the dialplan's language and voice).
        TtsPrompt { Text.Constant: { } text } t => new RenderedPrompt(PromptKind.Tts, text, Language: t.Language ?? model.Language, Voice: t.Voice ?? model.Voice),
        SayPrompt { Value.Constant: { } value } s => new RenderedPrompt(PromptKind.Say, value, s.As, s.Currency, s.Language ?? model.Language, s.Language is null ? model.Voice : null),
        _ => null,
    };

    private static string Describe(Prompt prompt) => prompt switch
    {
        TtsPrompt t => $"tts \"{t.Text}\"",
        SayPrompt s => $"say {s.Value} as {s.As.ToString().ToLowerInvariant()}",
        _ => prompt.ToString(),
    };
}
