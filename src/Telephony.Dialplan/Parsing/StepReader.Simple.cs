using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>Readers of the steps that need no input and no outside service.</summary>
internal sealed partial class StepReader
{
    private static readonly Dictionary<string, HangupCause> Causes = new(StringComparer.Ordinal)
    {
        ["normal"] = HangupCause.Normal,
        ["busy"] = HangupCause.Busy,
        ["rejected"] = HangupCause.Rejected,
        ["unavailable"] = HangupCause.Unavailable,
        ["not-found"] = HangupCause.NotFound,
        ["error"] = HangupCause.Error,
    };

    private static AnswerStep Answer(StepHeader h, Fields f) => new()
    {
        Kind = h.Kind,
        Name = h.Name,
        At = h.At,
        Ring = f.Duration("ring", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(60)),
    };

    private PlayStep? Play(StepHeader h, Fields f)
    {
        if (h.Value is null)
        {
            _context.Error(h.KindKey, "'play' needs a prompt: a file name, {tts: text}, {say: value, as: ...} or a list of them");
            return null;
        }

        return new PlayStep
        {
            Kind = h.Kind,
            Name = h.Name,
            At = h.At,
            Prompts = PromptReader.Read(_context, h.Value, "play"),
            Interruptible = f.Bool("interruptible", false),
        };
    }

    /// <summary><c>say: VALUE</c> with <c>as:</c> is a play of one <see cref="SayPrompt"/>.</summary>
    private PlayStep? Say(StepHeader h, Fields f)
    {
        var sayAs = PromptReader.ReadSayAs(f, h.At);
        var currency = PromptReader.ReadCurrency(f, sayAs);
        var language = f.Text("language");
        if (language is not null && !PromptReader.LooksLikeLanguage(language))
        {
            _context.Error(f.At("language"), $"'language' must be a language tag like en-US or fr-FR (got '{language}')");
        }

        if (h.Value is not YamlScalarNode scalar)
        {
            _context.Error(h.Value ?? h.KindKey, "'say' needs a value, e.g. 'say: ${balance}'");
            return null;
        }

        var value = _context.ReadTemplate(scalar);
        if (value is not null)
        {
            PromptReader.CheckSayValue(_context, scalar, value, sayAs);
        }

        return value is not null
            ? new PlayStep
            {
                Kind = h.Kind,
                Name = h.Name,
                At = h.At,
                Prompts = [new SayPrompt(value, sayAs, currency, language, ParseContext.At(scalar))],
                Interruptible = f.Bool("interruptible", false),
            }
            : null;
    }

    private SetStep? Set(StepHeader h)
    {
        if (h.Value is not YamlMappingNode map || map.Children.Count == 0)
        {
            _context.Error(h.Value ?? h.KindKey, "'set' needs variables and their values beneath it, e.g. 'set: {tries: 0}'");
            return null;
        }

        var assignments = new List<Assignment>();
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (AssignedVariable(keyNode, "a key of 'set' must be a variable name") is not { } name)
            {
                continue;
            }

            if (valueNode is not YamlScalarNode scalar)
            {
                _context.Error(valueNode, $"the value of '{name}' must be text, a number or ${{expression}}, not a {Fields.Describe(valueNode)}");
                continue;
            }

            var value = Fields.IsNull(scalar) ? Expressions.Template.Literal(string.Empty) : _context.ReadValueTemplate(scalar);
            if (name == "language" && value?.Constant is { } tag && !PromptReader.LooksLikeLanguage(tag))
            {
                _context.Error(scalar, $"'language' must be a language tag like en-US or fr-FR (got '{tag}')");
            }

            if (value is not null)
            {
                assignments.Add(new Assignment(name, value, ParseContext.At(keyNode)));
            }
        }

        return new SetStep { Kind = h.Kind, Name = h.Name, At = h.At, Assignments = assignments };
    }

    private IfStep? If(StepHeader h, Fields f)
    {
        var condition = ConditionOf(h, "'if' needs a condition, e.g. 'if: input == \"1\"'");
        var then = ReadBranch(f, "then");
        f.Missing("then", h.At, "'if' needs 'then:' (a step name or a list of steps)");

        var otherwise = ReadBranch(f, "else");
        return condition is null || then is null
            ? null
            : new IfStep { Kind = h.Kind, Name = h.Name, At = h.At, Condition = condition, Source = ((YamlScalarNode)h.Value!).Value!, Then = then, Else = otherwise };
    }

    private SwitchStep? Switch(StepHeader h, Fields f)
    {
        var value = ConditionOf(h, "'switch' needs an expression, e.g. 'switch: tier'");
        var cases = new List<SwitchCase>();
        if (f.Node("cases") is YamlMappingNode map && map.Children.Count > 0)
        {
            foreach (var (keyNode, target) in map.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } match })
                {
                    _context.Error(keyNode, "a case must be a single value");
                    continue;
                }

                if (ReadBranch(target, $"case '{match}'") is { } branch)
                {
                    cases.Add(new SwitchCase(match, branch, ParseContext.At(keyNode)));
                }
            }
        }
        else
        {
            _context.Error(f.Node("cases") ?? h.KindKey, "'switch' needs 'cases:', a mapping from values to step names or lists of steps");
        }

        var otherwise = ReadBranch(f, "default");
        return value is null
            ? null
            : new SwitchStep { Kind = h.Kind, Name = h.Name, At = h.At, Value = value, Source = ((YamlScalarNode)h.Value!).Value!, Cases = cases, Default = otherwise };
    }

    private Expressions.Expr? ConditionOf(StepHeader h, string missing)
    {
        if (h.Value is YamlScalarNode scalar)
        {
            return _context.ReadExpression(scalar);
        }

        _context.Error(h.Value ?? h.KindKey, missing);
        return null;
    }

    private GotoStep? Goto(StepHeader h)
    {
        if (h.Value is null)
        {
            _context.Error(h.KindKey, "'goto' needs the name of a step of this flow");
            return null;
        }

        if (h.Value is not YamlScalarNode { Value: { } name } scalar || !IsName(name))
        {
            _context.Error(h.Value, $"'goto' takes the name of a step of this flow (letters, digits, '-', '_'){(h.Value is YamlSequenceNode ? "; steps to run in place need no goto" : string.Empty)}");
            return null;
        }

        return new GotoStep { Kind = h.Kind, Name = h.Name, At = h.At, Target = Branch.ToStep(ParseContext.At(scalar), name) };
    }

    private SubflowStep? Subflow(StepHeader h, Fields f)
    {
        if (h.Value is not YamlScalarNode { Value: { } flow } || !IsName(flow))
        {
            _context.Error(h.Value ?? h.KindKey, "'subflow' needs the name of a flow");
            return null;
        }

        var arguments = new List<Argument>();
        switch (f.Node("with"))
        {
            case null:
                break;
            case YamlMappingNode map:
                foreach (var (keyNode, valueNode) in map.Children)
                {
                    if (keyNode is not YamlScalarNode { Value: { } parameter } || valueNode is not YamlScalarNode scalar)
                    {
                        _context.Error(valueNode, "each argument of 'with' must be 'parameter: value'");
                        continue;
                    }

                    if (_context.ReadTemplate(scalar) is { } value)
                    {
                        arguments.Add(new Argument(parameter, value, ParseContext.At(keyNode)));
                    }
                }

                break;
            case var other:
                _context.Error(other, "'with' must be a mapping of parameter names to values");
                break;
        }

        return new SubflowStep { Kind = h.Kind, Name = h.Name, At = h.At, FlowName = flow, Arguments = arguments };
    }

    private HangupStep Hangup(StepHeader h)
    {
        var cause = HangupCause.Normal;
        if (h.Value is YamlScalarNode { Value: { } text } scalar && !Causes.TryGetValue(text, out cause))
        {
            _context.Error(scalar, $"unknown hangup cause '{text}' (expected one of: {string.Join(", ", Causes.Keys)}){(Diagnostics.Hints.Closest(text, Causes.Keys) is { } c ? $"; did you mean '{c}'?" : string.Empty)}");
        }
        else if (h.Value is not null and not YamlScalarNode)
        {
            _context.Error(h.Value, "'hangup' takes a cause: " + string.Join(", ", Causes.Keys));
        }

        return new HangupStep { Kind = h.Kind, Name = h.Name, At = h.At, Cause = cause };
    }
}
