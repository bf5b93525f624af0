using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;
using Telephony.Dialplan.Model;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// Reads steps. A step is a mapping whose one kind keyword (play, menu, ...) holds its main
/// value, with its other fields beside it; steps without a value may be written as the bare
/// keyword (<c>- answer</c>). The per-kind readers live in the other parts of this class.
/// </summary>
internal sealed partial class StepReader
{
    private static readonly Dictionary<string, string[]> KindFields = new(StringComparer.Ordinal)
    {
        ["answer"] = ["ring"],
        ["play"] = ["interruptible"],
        ["say"] = ["as", "currency", "language", "interruptible"],
        ["menu"] = ["prompt", "choices", "input", "timeout", "tries", "no_input", "invalid", "fallback", "into", "interruptible", "barge_in", "end_silence"],
        ["gather"] = ["prompt", "input", "min", "max", "terminator", "timeout", "inter_digit_timeout", "grammar", "keywords", "pattern", "tries", "no_input", "invalid", "fallback", "interruptible", "language", "barge_in", "end_silence"],
        ["set"] = [],
        ["if"] = ["then", "else"],
        ["switch"] = ["cases", "default"],
        ["http"] = ["method", "headers", "body", "timeout", "map", "fallback"],
        ["record"] = ["prompt", "beep", "max_length", "silence", "stop_keys", "transcribe"],
        ["transfer"] = ["mode", "timeout", "caller_id", "fallback"],
        ["goto"] = [],
        ["subflow"] = ["with"],
        ["return"] = [],
        ["hangup"] = [],
    };

    /// <summary>Kinds whose keyword takes no value (all their settings are fields beside it).</summary>
    private static readonly HashSet<string> Valueless = ["answer", "menu", "return"];

    /// <summary>Kinds whose keyword may stand alone.</summary>
    private static readonly HashSet<string> Bare = ["answer", "return", "hangup"];

    private readonly ParseContext _context;
    private readonly string _dialplanDirectory;

    /// <summary>The branches read so far by each step being read (innermost on top).</summary>
    private readonly Stack<List<Branch>> _stepBranches = new();

    /// <summary>Branches of steps that failed to read, since the last <see cref="TakeBranchesOfBrokenSteps"/>.</summary>
    private List<Branch> _brokenBranches = [];

    public StepReader(ParseContext context, string dialplanDirectory)
    {
        _context = context;
        _dialplanDirectory = dialplanDirectory;
    }

    public static IReadOnlyCollection<string> Kinds => KindFields.Keys;

    /// <summary>All field names any step accepts, for hints when a field is misplaced.</summary>
    private static IEnumerable<string> AnyField => KindFields.Values.SelectMany(f => f).Append("name").Distinct();

    /// <summary>
    /// The branches (targets and blocks) of the steps that failed to read since the last call:
    /// the linker still checks them, so a wrong target is reported together with the step's
    /// own mistakes rather than only once those are fixed.
    /// </summary>
    public IReadOnlyList<Branch> TakeBranchesOfBrokenSteps()
    {
        var taken = _brokenBranches;
        _brokenBranches = [];
        return taken;
    }

    /// <summary>Reads a list of steps (a flow's steps or an inline block).</summary>
    public List<Step> ReadBlock(YamlNode node, string what)
    {
        var steps = new List<Step>();
        if (node is not YamlSequenceNode list)
        {
            _context.Error(node, $"{what} must be a list of steps (each item starts with '- ')");
            return steps;
        }

        foreach (var item in list.Children)
        {
            _stepBranches.Push([]);
            var read = ReadStep(item);
            var branches = _stepBranches.Pop();
            if (read is { } step)
            {
                steps.Add(step);
            }
            else
            {
                _brokenBranches.AddRange(branches);
                _context.BrokenSteps++;
                if (item is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode) && nameNode is YamlScalarNode { Value: { } name })
                {
                    _context.BrokenStepNames.Add(name);
                }
            }
        }

        return steps;
    }

    private Step? ReadStep(YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode { Value: { } word } scalar when !Fields.IsNull(scalar):
                if (Bare.Contains(word))
                {
                    return Build(word, null, scalar, Fields.Read(_context, new YamlMappingNode(), $"'{word}'", []));
                }

                var firstWord = word.Split(' ')[0];
                _context.Error(scalar, KindFields.ContainsKey(word) ? $"'{word}' needs a value, e.g. '- {word}: ...'"
                    : firstWord != word && KindFields.ContainsKey(firstWord) ? $"unknown step '{word}'; a value follows a colon: '- {firstWord}: {word[(firstWord.Length + 1)..].Trim()}'"
                    : $"unknown step '{word}'{Hints.Suggest(word, Kinds)}");
                return null;
            case YamlMappingNode map:
                return ReadMapping(map);
            default:
                _context.Error(item, $"a step must be a keyword like '- answer' or fields like '- play: welcome', not a {Fields.Describe(item)}");
                return null;
        }
    }

    private Step? ReadMapping(YamlMappingNode map)
    {
        var kindKeys = map.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not null && KindFields.ContainsKey(k.Value)).ToList();
        if (kindKeys.Count == 0)
        {
            ReportMissingKind(map);
            return null;
        }

        if (kindKeys.Count > 1)
        {
            _context.Error(kindKeys[1], $"a step has one kind, but this one has '{kindKeys[0].Value}' and '{kindKeys[1].Value}'; make them two steps (each starts with '- ')");
            return null;
        }

        var kindKey = kindKeys[0];
        var kind = kindKey.Value!;
        var fields = Fields.Read(_context, map, $"'{kind}'", [kind, "name", .. KindFields[kind]], field => Elsewhere(kind, field));
        return Build(kind, fields.Node(kind), kindKey, fields);
    }

    /// <summary>Where a field that <paramref name="kind"/> lacks does belong, said as a fix.</summary>
    private static string? Elsewhere(string kind, string field)
    {
        if (field == "prompt" && kind is "play" or "say")
        {
            return $"what '{kind}' says is its value: '- {kind}: ...'";
        }

        var owners = KindFields.Where(k => k.Value.Contains(field)).Select(k => "'" + k.Key + "'").ToList();
        return owners.Count == 0 ? null : $"it belongs to {string.Join(", ", owners)}";
    }

    private void ReportMissingKind(YamlMappingNode map)
    {
        var first = map.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value is not null);
        if (first is null)
        {
            _context.Error(map, $"a step needs a kind: one of {string.Join(", ", Kinds)}");
            return;
        }

        var word = first.Value!;
        if (Hints.Closest(word, Kinds) is { } kind)
        {
            _context.Error(first, $"unknown step '{word}' (did you mean '{kind}'?)");
        }
        else if (AnyField.Contains(word))
        {
            _context.Error(first, $"this step has fields but no kind: start it with one of {string.Join(", ", Kinds)} (is a '- ' misplaced?)");
        }
        else
        {
            _context.Error(first, $"unknown step '{word}' (expected one of: {string.Join(", ", Kinds)})");
        }
    }

    private Step? Build(string kind, YamlNode? value, YamlScalarNode kindKey, Fields fields)
    {
        var at = ParseContext.At(kindKey);
        var name = ReadName(fields);
        if (value is YamlScalarNode valueScalar && Fields.IsNull(valueScalar))
        {
            value = null;
        }

        if (value is YamlMappingNode && kind is not ("set" or "play"))
        {
            // Indenting the fields under the keyword is the likeliest slip; say so rather than list every field as missing.
            _context.Error(value, $"the fields of '{kind}' go beside it, at the same indentation as '{kind}:', not under it");
            return null;
        }

        if (Valueless.Contains(kind) && value is not null)
        {
            _context.Error(value, kind == "menu"
                ? "'menu' takes no value; write its prompt as 'prompt:' beside it, at the same indentation"
                : $"'{kind}' takes no value");
        }

        var header = new StepHeader(kind, name, at, kindKey, value);
        Step? step = kind switch
        {
            "answer" => Answer(header, fields),
            "play" => Play(header, fields),
            "say" => Say(header, fields),
            "menu" => Menu(header, fields),
            "gather" => Gather(header, fields),
            "set" => Set(header),
            "if" => If(header, fields),
            "switch" => Switch(header, fields),
            "http" => Http(header, fields),
            "record" => Record(header, fields),
            "transfer" => Transfer(header, fields),
            "goto" => Goto(header),
            "subflow" => Subflow(header, fields),
            "return" => new Model.Steps.ReturnStep { Kind = kind, Name = name, At = at },
            _ => Hangup(header),
        };
        if (step is not null)
        {
            step.NameAt = fields.Node("name") is { } nameNode ? ParseContext.At(nameNode) : at;
        }

        return step;
    }

    private string? ReadName(Fields fields)
    {
        if (fields.Scalar("name") is not { } node)
        {
            return null;
        }

        var name = node.Value!;
        if (!IsName(name))
        {
            _context.Error(node, $"step name '{name}' must start with a letter and hold only letters, digits, '-' and '_'");
            return null;
        }

        return name;
    }

    public static bool IsName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Reads the name of a variable a step assigns, and records it as assigned.</summary>
    private string? AssignedVariable(YamlNode? node, string what, YamlNode? missingAt = null)
    {
        if (node is not YamlScalarNode { Value: { } name } scalar || Fields.IsNull(scalar))
        {
            // An empty value is best shown at the keyword; a wrongly typed one at itself.
            var at = node is not null and not YamlScalarNode ? node : missingAt ?? node;
            _context.Error(at is null ? Diagnostics.SourceLocation.Start : ParseContext.At(at), what);
            return null;
        }

        if (!IsVariableName(name))
        {
            _context.Error(scalar, $"'{name}' is not a variable name: use letters, digits and '_', starting with a letter");
            return null;
        }

        if (BuiltinVariables.All.ContainsKey(name))
        {
            _context.Error(scalar, $"'{name}' is a built-in variable and cannot be assigned; choose another name");
            return null;
        }

        _context.AssignedVariables.Add(name);
        return name;
    }

    /// <summary>A branch: a step name of this flow, or a list of steps run in place.</summary>
    private Branch? ReadBranch(Fields fields, string key) => fields.Node(key) is { } node ? ReadBranch(node, $"'{key}'") : null;

    private Branch? ReadBranch(YamlNode node, string what)
    {
        var branch = ReadBranchOf(node, what);
        if (branch is not null && _stepBranches.TryPeek(out var ofStep))
        {
            ofStep.Add(branch);
        }

        return branch;
    }

    private Branch? ReadBranchOf(YamlNode node, string what)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } name } scalar when !Fields.IsNull(scalar):
                if (!IsName(name))
                {
                    _context.Error(scalar, $"{what} must name a step (letters, digits, '-', '_') or be a list of steps (got '{name}')");
                    return null;
                }

                return Branch.ToStep(ParseContext.At(scalar), name);
            case YamlSequenceNode:
                return Branch.ToBlock(ParseContext.At(node), ReadBlock(node, what));
            default:
                _context.Error(node, $"{what} must name a step or be a list of steps");
                return null;
        }
    }

    /// <summary>The parts every step has, passed to the per-kind readers.</summary>
    private sealed record StepHeader(string Kind, string? Name, SourceLocation At, YamlScalarNode KindKey, YamlNode? Value);
}
