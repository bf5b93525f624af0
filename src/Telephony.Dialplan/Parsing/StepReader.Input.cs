using System.Text.RegularExpressions;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>Readers of the steps that listen to the caller: menu, gather, record.</summary>
internal sealed partial class StepReader
{
    private const string Keys = "0123456789*#ABCD";

    private static readonly string[] ChoiceFields = ["key", "speech", "then"];

    private static readonly Dictionary<string, InputMode> InputModes = new(StringComparer.Ordinal)
    {
        ["dtmf"] = InputMode.Dtmf,
        ["speech"] = InputMode.Speech,
        ["both"] = InputMode.Both,
    };

    private MenuStep? Menu(StepHeader h, Fields f)
    {
        var prompt = PromptField(f, "prompt");
        f.Missing("prompt", h.At, "'menu' needs 'prompt:' (what the caller hears before choosing)");

        var choices = Choices(h, f, out var badKeys);
        var fallback = ReadBranch(f, "fallback");
        f.Missing("fallback", h.At, "'menu' needs 'fallback:', where to go when the tries run out (a step name or a list of steps)");

        var anySpeech = choices.Any(c => c.Phrases.Count > 0);
        var input = f.Choice("input", anySpeech ? (choices.All(c => c.Key is null) ? InputMode.Speech : InputMode.Both) : InputMode.Dtmf, InputModes);
        foreach (var choice in choices)
        {
            if (input == InputMode.Speech && choice.Phrases.Count == 0 || input == InputMode.Dtmf && choice.Key is null && !badKeys.Contains(choice))
            {
                _context.Error(choice.At, $"this choice cannot be made with 'input: {input.ToString().ToLowerInvariant()}': give it {(input == InputMode.Dtmf ? "a 'key:'" : "'speech:' phrases")}");
            }
        }

        // Every field is read even when the step is unusable, so all its mistakes are reported in one pass.
        var into = f.Node("into") is { } intoNode ? AssignedVariable(intoNode, "'into' must be a variable name") : null;
        var timeout = f.Duration("timeout", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var tries = f.Int("tries", 3, 1, 10);
        var noInput = PromptField(f, "no_input");
        var invalid = PromptField(f, "invalid");
        var interruptible = f.Bool("interruptible", true);
        var speech = Timing(f, input);
        return fallback is null
            ? null
            : new MenuStep
            {
                Kind = h.Kind,
                Name = h.Name,
                At = h.At,
                Prompt = prompt,
                Choices = choices,
                Input = input,
                Timeout = timeout,
                Tries = tries,
                NoInput = noInput,
                Invalid = invalid,
                Fallback = fallback,
                Into = into,
                Interruptible = interruptible,
                Speech = speech,
            };
    }

    private static readonly string[] BargeInFields = ["min_speech"];

    /// <summary><c>barge_in: {min_speech: 300ms}</c> and <c>end_silence: 500ms</c>, for steps that take speech.</summary>
    private SpeechTiming Timing(Fields f, InputMode input)
    {
        if (input == InputMode.Dtmf)
        {
            foreach (var speechOnly in new[] { "barge_in", "end_silence" })
            {
                if (f.KeyNode(speechOnly) is { } key)
                {
                    _context.Error(key, $"'{speechOnly}' is for speech: add 'input: speech' (or 'both')");
                }
            }

            return SpeechTiming.Default;
        }

        TimeSpan? minSpeech = null;
        if (f.Node("barge_in") is { } node)
        {
            if (node is YamlMappingNode map)
            {
                var bf = Fields.Read(_context, map, "'barge_in'", BargeInFields);
                minSpeech = bf.Has("min_speech") ? bf.Duration("min_speech", TimeSpan.FromMilliseconds(150), TimeSpan.Zero, TimeSpan.FromSeconds(3)) : null;
            }
            else
            {
                _context.Error(node, "'barge_in' takes fields, like 'barge_in: {min_speech: 300ms}' (how long the caller must speak before the prompt stops)");
            }
        }

        TimeSpan? endSilence = f.Has("end_silence") ? f.Duration("end_silence", TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)) : null;
        return new SpeechTiming(minSpeech, endSilence);
    }

    /// <param name="badKeys">Choices whose key was written but unusable (already reported).</param>
    private List<MenuChoice> Choices(StepHeader h, Fields f, out HashSet<MenuChoice> badKeys)
    {
        var choices = new List<MenuChoice>();
        badKeys = [];
        if (f.Node("choices") is not YamlSequenceNode list || list.Children.Count == 0)
        {
            _context.Error(f.Node("choices") ?? h.KindKey, "'menu' needs 'choices:', a list of '- key: 1' (and/or 'speech: [words]') with 'then:'");
            return choices;
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                _context.Error(item, "a choice must be fields: key:, speech:, then:");
                continue;
            }

            var cf = Fields.Read(_context, map, "a choice", ChoiceFields);
            var key = ChoiceKey(cf);
            var spoken = cf.TextList("speech");
            if (key is null && spoken.Count == 0 && !cf.Has("key"))
            {
                _context.Error(map, "a choice needs 'key:' (a phone key) or 'speech:' (words), or both");
            }

            if (key is not null && !keys.TryAdd(key, ParseContext.At(cf.Node("key")!).Line))
            {
                _context.Error(cf.Node("key")!, $"key '{key}' is already a choice of this menu (line {keys[key]})");
            }

            foreach (var phrase in spoken)
            {
                if (!phrases.TryAdd(phrase, ParseContext.At(map).Line))
                {
                    _context.Error(cf.Node("speech")!, $"'{phrase}' is already a choice of this menu (line {phrases[phrase]})");
                }
            }

            var then = ReadBranch(cf, "then");
            cf.Missing("then", ParseContext.At(map), "a choice needs 'then:' (a step name or a list of steps)");

            if (then is not null)
            {
                var choice = new MenuChoice(key, spoken, then, ParseContext.At(map));
                choices.Add(choice);
                if (key is null && cf.Has("key"))
                {
                    badKeys.Add(choice);
                }
            }
        }

        return choices;
    }

    private string? ChoiceKey(Fields cf)
    {
        if (cf.Node("key") is YamlScalarNode scalar && Fields.IsNull(scalar))
        {
            _context.Error(scalar, "'key' is empty; in YAML, '#' starts a comment and '*' an alias, so quote them: key: '#'");
            return null;
        }

        var key = cf.Text("key", "one phone key");
        if (key is not null && (key.Length != 1 || !Keys.Contains(key[0], StringComparison.Ordinal)))
        {
            _context.Error(cf.At("key"), $"'key' must be one phone key: 0-9, *, # or A-D (got '{key}')");
            return null;
        }

        return key;
    }

    private GatherStep? Gather(StepHeader h, Fields f)
    {
        var variable = AssignedVariable(h.Value, "'gather' needs the variable to store the input in, e.g. 'gather: account'", h.KindKey);
        var input = f.Choice("input", InputMode.Dtmf, InputModes);
        var min = f.Int("min", 1, 0, 64);
        var max = f.Int("max", 20, 1, 64);
        if (max < min)
        {
            _context.Error(f.At("max"), $"'max' ({max}) is less than 'min' ({min})");
        }

        if (input == InputMode.Dtmf)
        {
            foreach (var speechOnly in new[] { "grammar", "keywords", "language" })
            {
                if (f.KeyNode(speechOnly) is { } key)
                {
                    _context.Error(key, $"'{speechOnly}' is for speech: add 'input: speech' (or 'both')");
                }
            }
        }

        if (input == InputMode.Speech)
        {
            foreach (var digitsOnly in new[] { "min", "max", "terminator", "inter_digit_timeout" })
            {
                if (f.KeyNode(digitsOnly) is { } key)
                {
                    _context.Error(key, $"'{digitsOnly}' is for digits, and this gather takes 'input: speech'; remove it or use 'input: both'");
                }
            }
        }

        var grammar = f.Text("grammar");
        if (grammar is not null && f.Has("keywords"))
        {
            _context.Error(f.KeyNode("keywords")!, "give 'grammar' or 'keywords', not both");
        }

        if (grammar is not null && !File.Exists(Path.Combine(_dialplanDirectory, grammar)))
        {
            _context.Error(f.At("grammar"), $"grammar file '{grammar}' not found (paths are relative to the dialplan's folder)");
        }

        // Every field is read even when the variable is unusable, so all mistakes are reported in one pass.
        var fallback = ReadBranch(f, "fallback");
        var promptValue = PromptField(f, "prompt");
        var terminator = Terminator(f);
        var timeout = f.Duration("timeout", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var interDigitTimeout = f.Duration("inter_digit_timeout", TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        var keywords = f.TextList("keywords");
        var pattern = Pattern(f);
        var tries = f.Int("tries", 1, 1, 10);
        var noInput = PromptField(f, "no_input");
        var invalid = PromptField(f, "invalid");
        var interruptible = f.Bool("interruptible", true);
        var speech = Timing(f, input);
        var language = input == InputMode.Dtmf ? null : f.Text("language");
        if (language is not null && !PromptReader.LooksLikeLanguage(language))
        {
            _context.Error(f.At("language"), $"'language' must be a language tag like en-US or fr-FR (got '{language}')");
            language = null;
        }

        var grammarPath = grammar is null ? null : Path.Combine(_dialplanDirectory, grammar);
        var grammarText = grammarPath is not null && File.Exists(grammarPath) ? File.ReadAllText(grammarPath) : null;
        return variable is null
            ? null
            : new GatherStep
            {
                Kind = h.Kind,
                Name = h.Name,
                At = h.At,
                Variable = variable,
                Prompt = promptValue,
                Input = input,
                Min = min,
                Max = max,
                Terminator = terminator,
                Timeout = timeout,
                InterDigitTimeout = interDigitTimeout,
                Grammar = grammar,
                Keywords = keywords,
                Pattern = pattern,
                Tries = tries,
                NoInput = noInput,
                Invalid = invalid,
                Fallback = fallback,
                Interruptible = interruptible,
                Speech = speech,
                Language = language,
                GrammarText = grammarText,
            };
    }

    private char? Terminator(Fields f)
    {
        if (f.Node("terminator") is YamlScalarNode scalar && Fields.IsNull(scalar))
        {
            _context.Error(scalar, "'terminator' is empty; in YAML '#' starts a comment, so quote it: terminator: '#' (or write 'none')");
            return '#';
        }

        var text = f.Text("terminator");
        if (text is null)
        {
            return '#';
        }

        if (text == "none")
        {
            return null;
        }

        if (text.Length != 1 || !Keys.Contains(text[0], StringComparison.Ordinal))
        {
            _context.Error(f.At("terminator"), $"'terminator' must be one phone key (usually '#') or none (got '{text}')");
        }

        return text[0];
    }

    /// <summary>A regular expression; its syntax error is reported at the exact column.</summary>
    private string? Pattern(Fields f)
    {
        if (f.Scalar("pattern") is not { } node)
        {
            return null;
        }

        return CheckRegex(node, 0, node.Value!) ? node.Value : null;
    }

    /// <summary>Compiles <paramref name="pattern"/> (found at <paramref name="offset"/> of <paramref name="node"/>); reports its error.</summary>
    public bool CheckRegex(YamlScalarNode node, int offset, string pattern) => CompileRegex(node, offset, pattern) is not null;

    /// <summary>The compiled <paramref name="pattern"/>, or null after reporting its error at its character in <paramref name="node"/>.</summary>
    public Regex? CompileRegex(YamlScalarNode node, int offset, string pattern)
    {
        if (RegexErrors.TryCompile(pattern, out var regex, out var errorAt, out var error))
        {
            return regex;
        }

        _context.ExpressionError(node, offset + errorAt, error);
        return null;
    }

    private RecordStep? Record(StepHeader h, Fields f)
    {
        var variable = AssignedVariable(h.Value, "'record' needs the variable to store the recording's path in, e.g. 'record: voicemail'", h.KindKey);
        var stopKeys = f.Text("stop_keys") ?? "#";
        if (stopKeys == "none")
        {
            stopKeys = string.Empty;
        }
        else if (stopKeys.Any(c => !Keys.Contains(c, StringComparison.Ordinal)))
        {
            _context.Error(f.At("stop_keys"), $"'stop_keys' must be phone keys (0-9, *, #, A-D) or none (got '{stopKeys}')");
        }

        var promptValue = PromptField(f, "prompt");
        var beep = f.Bool("beep", true);
        var maxLength = f.Duration("max_length", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var silence = f.Duration("silence", TimeSpan.FromSeconds(5), TimeSpan.Zero, TimeSpan.FromSeconds(60));
        var transcribe = f.Bool("transcribe", false);
        if (variable is not null)
        {
            // What the step sets besides the path (see RecordRunner), so later steps may use them.
            foreach (var suffix in RecordStep.Suffixes)
            {
                _context.AssignedVariables.Add(variable + suffix);
            }
        }

        return variable is null
            ? null
            : new RecordStep
            {
                Kind = h.Kind,
                Name = h.Name,
                At = h.At,
                Variable = variable,
                Prompt = promptValue,
                Beep = beep,
                MaxLength = maxLength,
                Silence = silence,
                StopKeys = stopKeys,
                Transcribe = transcribe,
            };
    }

    private IReadOnlyList<Prompt> PromptField(Fields f, string key) =>
        f.Node(key) is { } node ? PromptReader.Read(_context, node, key) : [];
}
