using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using YamlDotNet.RepresentationModel;

namespace Telephony.Dialplan.Parsing;

/// <summary>
/// Reads a prompt value: a file name, a <c>{tts: ...}</c>, <c>{say: ...}</c> or
/// <c>{file: ...}</c> mapping, or a list of those played in order.
/// </summary>
internal static class PromptReader
{
    private static readonly string[] ItemFields = ["file", "tts", "say", "voice", "language", "as", "currency"];
    private static readonly string[] ItemKinds = ["file", "tts", "say"];
    private static readonly string[] ItemOptions = ["voice", "language", "as", "currency"];

    public static readonly IReadOnlyDictionary<string, SayAs> SayAsNames = new Dictionary<string, SayAs>(StringComparer.Ordinal)
    {
        ["digits"] = SayAs.Digits,
        ["number"] = SayAs.Number,
        ["currency"] = SayAs.Currency,
        ["date"] = SayAs.Date,
        ["time"] = SayAs.Time,
        ["datetime"] = SayAs.DateTime,
    };

    public static IReadOnlyList<Prompt> Read(ParseContext context, YamlNode node, string field)
    {
        var prompts = new List<Prompt>();
        if (node is YamlSequenceNode list)
        {
            foreach (var item in list.Children)
            {
                if (item is YamlSequenceNode)
                {
                    context.Error(item, $"'{field}' is a list of prompts; a list inside it is not allowed");
                }
                else if (ReadItem(context, item, field) is { } prompt)
                {
                    prompts.Add(prompt);
                }
            }

            if (list.Children.Count == 0)
            {
                context.Error(node, $"'{field}' is an empty list; give at least one prompt");
            }
        }
        else if (ReadItem(context, node, field) is { } prompt)
        {
            prompts.Add(prompt);
        }

        return prompts;
    }

    private static Prompt? ReadItem(ParseContext context, YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
        {
            if (Fields.IsNull(scalar))
            {
                context.Error(node, $"'{field}' is empty; give a prompt file name, {{tts: text}} or {{say: value, as: number}}");
                return null;
            }

            return context.ReadTemplate(scalar) is { } path ? new FilePrompt(path, ParseContext.At(scalar)) : null;
        }

        if (node is not YamlMappingNode map)
        {
            context.Error(node, $"'{field}' must be a prompt");
            return null;
        }

        var fields = Fields.Read(context, map, "a prompt", ItemFields);
        var kinds = ItemKinds.Where(fields.Has).ToList();
        if (kinds.Count != 1)
        {
            context.Error(map, kinds.Count == 0
                ? "a prompt needs one of 'file:', 'tts:' or 'say:'"
                : $"a prompt has exactly one of 'file:', 'tts:' or 'say:' (found {string.Join(" and ", kinds.Select(k => "'" + k + "'"))}); make them separate list items");
            return null;
        }

        var at = ParseContext.At(fields.KeyNode(kinds[0])!);
        var template = fields.Template(kinds[0]);
        var language = fields.Text("language");
        if (language is not null && !LooksLikeLanguage(language))
        {
            context.Error(fields.At("language"), $"'language' must be a language tag like en-US or fr-FR (got '{language}')");
        }

        switch (kinds[0])
        {
            case "file":
                Only(fields, "file", []);
                return template is null ? null : new FilePrompt(template, at);
            case "tts":
                Only(fields, "tts", ["voice", "language"]);
                return template is null ? null : new TtsPrompt(template, fields.Text("voice"), language, at);
            default:
                Only(fields, "say", ["as", "currency", "language"]);
                var sayAs = ReadSayAs(fields, at);
                var currency = ReadCurrency(fields, sayAs);
                if (template is not null)
                {
                    CheckSayValue(context, (YamlScalarNode)fields.Node("say")!, template, sayAs);
                }

                return template is null ? null : new SayPrompt(template, sayAs, currency, language, at);
        }
    }

    /// <summary>The 'as:' of a say (required, reported at <paramref name="missingAt"/>).</summary>
    public static SayAs ReadSayAs(Fields fields, SourceLocation missingAt)
    {
        fields.Missing("as", missingAt, $"'say' needs 'as:' ({string.Join(", ", SayAsNames.Keys)})");
        return fields.Choice("as", SayAs.Digits, SayAsNames);
    }

    public static string? ReadCurrency(Fields fields, SayAs sayAs)
    {
        var currency = fields.Text("currency");
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            fields.Context.Error(fields.At("currency"), $"'currency' must be an ISO 4217 code like EUR, GBP or USD (got '{currency}')");
        }

        if (currency is not null && sayAs != SayAs.Currency)
        {
            fields.Context.Error(ParseContext.At(fields.KeyNode("currency")!), "'currency' only applies with 'as: currency'");
        }

        return currency;
    }

    /// <summary>A fixed value must be sayable the way 'as' asks; values with insertions are judged when the call runs.</summary>
    public static void CheckSayValue(ParseContext context, YamlScalarNode node, Expressions.Template value, SayAs sayAs)
    {
        if (value.Constant is not { } text)
        {
            return;
        }

        var styles = System.Globalization.DateTimeStyles.None;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var ok = sayAs switch
        {
            SayAs.Digits => text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or (>= 'A' and <= 'D')),
            SayAs.Number or SayAs.Currency => decimal.TryParse(text, System.Globalization.NumberStyles.Number, invariant, out _),
            SayAs.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, styles, out _),
            SayAs.Time => TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], invariant, styles, out _),
            _ => DateTimeOffset.TryParse(text, invariant, styles, out _),
        };
        if (!ok)
        {
            var expected = sayAs switch
            {
                SayAs.Digits => "phone keys (0-9, *, #, A-D)",
                SayAs.Number or SayAs.Currency => "a number like 1234.50",
                SayAs.Date => "a date YYYY-MM-DD",
                SayAs.Time => "a time HH:MM",
                _ => "a date and time like 2026-12-24T18:30",
            };
            context.Error(node, $"'{text}' cannot be said as {sayAs.ToString().ToLowerInvariant()}: expected {expected}, or a ${{variable}}");
        }
    }

    public static bool LooksLikeLanguage(string tag) =>
        tag.Length is >= 2 and <= 12 && tag.Split('-').All(p => p.Length is >= 2 and <= 8 && p.All(char.IsAsciiLetterOrDigit));

    /// <summary>Reports fields that belong to another kind of prompt.</summary>
    private static void Only(Fields fields, string kind, string[] allowed)
    {
        foreach (var other in ItemOptions.Except(allowed))
        {
            if (fields.KeyNode(other) is { } key)
            {
                fields.Context.Error(key, $"'{other}' does not apply to a '{kind}' prompt");
            }
        }
    }
}
