using Telephony.Calls.Prompts;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;
using Telephony.Speech;
using Telephony.Speech.Synthesis;

namespace Telephony.Server.Hosting;

/// <summary>
/// The dialplan runtime's speech on real calls: TTS text and say values rendered through the
/// prompt cache (DATA/prompt-cache) and played as <c>cache:KEY</c> prompts; say digits in English
/// are read from the digit recordings when the prompts folder has them all (a recorded voice
/// beats a synthetic one). Rendered at 8 kHz: the flow does not know the call's codec, and a
/// G.722 call gets it upsampled once by the prompt library (kal, the default voice, is an 8 kHz
/// voice anyway). <c>prompts render</c> uses <see cref="RequestFor"/> too, so what it pre-renders
/// is what calls look up.
/// </summary>
internal sealed class DialplanSpeech(PromptCache cache, PromptLibrary? recordings) : IPromptSpeech
{
    /// <summary>The rate prompts are rendered at for calls.</summary>
    public const int CallRate = 8000;

    /// <summary>The prompt cache's folder under the data folder.</summary>
    public const string CacheFolderName = "prompt-cache";

    public static string CacheFolderOf(string dataFolder) => Path.Combine(dataFolder, CacheFolderName);

    /// <summary>The engines installed here and the cache under <paramref name="dataFolder"/>; says on <paramref name="log"/> which engine is missing.</summary>
    /// <param name="englishVoice">The flite voice of English prompts that name none (<c>serve --tts-voice</c>).</param>
    public static DialplanSpeech Create(string dataFolder, PromptLibrary? recordings, Action<string> log, string englishVoice = "kal")
    {
        ArgumentNullException.ThrowIfNull(log);
        var engines = SpeechSynthesizers.Create(englishVoice, englishVoice);
        var found = new List<string>();
        foreach (var engine in engines.Engines)
        {
            try
            {
                // Listing the voices loads the engine (espeak-ng runs once): a missing one is said at start, not on the first call.
                found.Add($"{engine.Engine} ({engine.Voices.Count} voices)");
            }
            catch (SpeechException e)
            {
                log($"tts: {e.Message}; prompts it would speak are skipped");
            }
        }

        if (!engines.Engines.Any(e => e.Engine == FliteSynthesizer.EngineName))
        {
            log("tts: flite could not load (apt-get install -y libflite1); English prompts are skipped");
        }

        var folder = CacheFolderOf(dataFolder);
        log($"tts: {(found.Count == 0 ? "no engine" : string.Join(" and ", found))}, English voice {englishVoice}; rendered prompts cached in {Path.GetFullPath(folder)}");
        return new DialplanSpeech(new PromptCache(folder, engines), recordings);
    }

    public PromptCache Cache => cache;

    public async Task<SpokenPrompt> RenderAsync(RenderedPrompt prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (Recorded(prompt) is { } files)
        {
            return new SpokenPrompt(files);
        }

        try
        {
            var cached = await cache.GetAsync(RequestFor(prompt), cancellationToken);
            return new SpokenPrompt([PromptLibrary.CachePrefix + cached.Key]);
        }
        catch (SpeechException e)
        {
            return SpokenPrompt.Failed(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache folder cannot be written (disk full, permissions): the call goes on without this prompt.
            return SpokenPrompt.Failed($"cannot write the prompt cache {cache.Folder}: {e.Message}");
        }
    }

    /// <summary>What the synthesiser is asked for a TTS or say prompt (the say value in words, in the prompt's language).</summary>
    /// <exception cref="SpeechException">A say value that cannot be read as its kind.</exception>
    public static SynthesisRequest RequestFor(RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var text = prompt.Kind == PromptKind.Say
            ? SayText.Render(prompt.Text, Kind(prompt.As ?? SayAs.Digits), prompt.Language, prompt.Currency)
            : prompt.Text;
        return new SynthesisRequest(text, prompt.Voice, prompt.Language, CallRate);
    }

    /// <summary>Digit recordings for an English say-digits, when every key it needs is recorded; else null.</summary>
    private List<string>? Recorded(RenderedPrompt prompt)
    {
        if (recordings is null || prompt is not { Kind: PromptKind.Say, As: SayAs.Digits } || !(prompt.Language ?? "en").StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var files = new List<string>();
        foreach (var c in prompt.Text.Where(c => !char.IsWhiteSpace(c)))
        {
            var name = c switch
            {
                '*' => "digits/star",
                '#' => "digits/pound",
                >= '0' and <= '9' or >= 'A' and <= 'D' or >= 'a' and <= 'd' => "digits/" + char.ToLowerInvariant(c),
                _ => null,
            };
            if (name is null || !recordings.Exists(name))
            {
                return null;
            }

            files.Add(name);
        }

        return files.Count > 0 ? files : null;
    }

    private static SayKind Kind(SayAs kind) => kind switch
    {
        SayAs.Number => SayKind.Number,
        SayAs.Currency => SayKind.Currency,
        SayAs.Date => SayKind.Date,
        SayAs.Time => SayKind.Time,
        SayAs.DateTime => SayKind.DateTime,
        _ => SayKind.Digits,
    };
}
