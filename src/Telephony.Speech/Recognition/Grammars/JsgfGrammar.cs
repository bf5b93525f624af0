using System.Text;

namespace Telephony.Speech.Recognition.Grammars;

/// <summary>
/// A JSGF grammar checked in managed code: its header, its rules, that every rule it refers to
/// is defined, that brackets balance, and the words it can produce. The native parser only says
/// "failed" (and can misbehave on some malformed input), so a bad <c>.gram</c> file is refused
/// here with its line and what is wrong.
/// </summary>
/// <remarks>A subset of JSGF 1.0 as pocketsphinx reads it: no imports, no quoted tokens, no empty alternatives; tags are skipped, weights (<c>/2.5/</c>) allowed.</remarks>
public sealed class JsgfGrammar
{
    private JsgfGrammar(string text, string name, IReadOnlyList<string> publicRules, IReadOnlyList<string> words)
    {
        Text = text;
        Name = name;
        PublicRules = publicRules;
        Words = words;
    }

    /// <summary>The grammar as given (what the engine is handed).</summary>
    public string Text { get; }

    /// <summary>The name in <c>grammar NAME;</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<string> PublicRules { get; }

    /// <summary>Every distinct word the grammar can produce, in order of appearance.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Reads and checks a <c>.gram</c> file.</summary>
    /// <exception cref="SpeechException">The file is missing or unreadable, or the grammar is malformed.</exception>
    public static JsgfGrammar Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpeechException($"{path}: cannot read the grammar ({e.Message})", e);
        }

        return Parse(text, path);
    }

    /// <summary>Checks grammar text; <paramref name="source"/> names it in messages (a path, or "grammar").</summary>
    /// <exception cref="SpeechException">The grammar is malformed; the message gives the line.</exception>
    public static JsgfGrammar Parse(string text, string source = "grammar")
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = StripComments(text, source);
        var statements = Statements(body, source);
        if (statements.Count == 0 || !statements[0].Text.StartsWith("#JSGF", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(source, 1, "a JSGF grammar starts with '#JSGF V1.0;'");
        }

        string? name = null;
        var rules = new Dictionary<string, (string Body, int Line)>(StringComparer.Ordinal);
        var publicRules = new List<string>();
        foreach (var (statement, line) in statements.Skip(1))
        {
            if (statement.StartsWith("grammar ", StringComparison.Ordinal))
            {
                name = statement["grammar ".Length..].Trim();
                continue;
            }

            if (statement.StartsWith("import ", StringComparison.Ordinal))
            {
                throw Error(source, line, "imports are not supported; put every rule in one file");
            }

            var isPublic = statement.StartsWith("public ", StringComparison.Ordinal);
            var rule = isPublic ? statement["public ".Length..].TrimStart() : statement;
            var equals = rule.IndexOf('=', StringComparison.Ordinal);
            if (!rule.StartsWith('<') || equals < 0 || rule.IndexOf('>', StringComparison.Ordinal) is var close && (close < 0 || close > equals))
            {
                throw Error(source, line, $"expected a rule '<name> = ...;' or 'grammar NAME;', found '{Shorten(statement)}'");
            }

            var ruleName = rule[1..rule.IndexOf('>', StringComparison.Ordinal)];
            if (!rules.TryAdd(ruleName, (rule[(equals + 1)..], line)))
            {
                throw Error(source, line, $"rule <{ruleName}> is defined twice");
            }

            if (isPublic)
            {
                publicRules.Add(ruleName);
            }
        }

        if (name is null || name.Length == 0)
        {
            throw Error(source, statements[0].Line, "missing 'grammar NAME;' after the header");
        }

        if (publicRules.Count == 0)
        {
            throw Error(source, statements[^1].Line, "no public rule: mark the top rule 'public <name> = ...;'");
        }

        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ruleName, (ruleBody, line)) in rules)
        {
            foreach (var word in Expansion(ruleBody, ruleName, line, rules, source))
            {
                if (seen.Add(word))
                {
                    words.Add(word);
                }
            }
        }

        return new JsgfGrammar(text, name, publicRules, words);
    }

    /// <summary>The words of one rule's expansion; checks brackets and rule references.</summary>
    private static List<string> Expansion(string body, string rule, int line, Dictionary<string, (string, int)> rules, string source)
    {
        var words = new List<string>();
        var open = new Stack<char>();

        // Whether the current alternative of each open group (outermost: the rule) has an item yet.
        var filled = new Stack<bool>();
        filled.Push(false);
        void RequireItem(string where)
        {
            if (!filled.Peek())
            {
                throw Error(source, line, $"rule <{rule}>: an empty alternative {where} (pocketsphinx refuses it; write <NULL> for nothing)");
            }
        }

        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            switch (c)
            {
                case var _ when char.IsWhiteSpace(c) || c is '*' or '+':
                    i++;
                    break;
                case '|':
                    RequireItem("before '|'");
                    filled.Pop();
                    filled.Push(false);
                    i++;
                    break;
                case '(' or '[':
                    open.Push(c);
                    filled.Push(false);
                    i++;
                    break;
                case ')' or ']':
                    if (open.Count == 0 || open.Pop() != (c == ')' ? '(' : '['))
                    {
                        throw Error(source, line, $"rule <{rule}>: unbalanced '{c}'");
                    }

                    RequireItem($"before '{c}'");
                    filled.Pop();
                    filled.Pop();
                    filled.Push(true);
                    i++;
                    break;
                case '<':
                    var end = body.IndexOf('>', i);
                    if (end < 0)
                    {
                        throw Error(source, line, $"rule <{rule}>: '<' without '>'");
                    }

                    var reference = body[(i + 1)..end];
                    if (reference is not ("NULL" or "VOID") && !rules.ContainsKey(reference))
                    {
                        throw Error(source, line, $"rule <{rule}> refers to <{reference}>, which is not defined");
                    }

                    filled.Pop();
                    filled.Push(true);
                    i = end + 1;
                    break;
                case '/' or '{':
                    // A weight (/2.5/) or a tag ({tag}): not words.
                    var closer = c == '/' ? '/' : '}';
                    var stop = body.IndexOf(closer, i + 1);
                    if (stop < 0)
                    {
                        throw Error(source, line, $"rule <{rule}>: '{c}' without its closing '{closer}'");
                    }

                    i = stop + 1;
                    break;
                case '"':
                    throw Error(source, line, $"rule <{rule}>: quoted tokens are not supported by pocketsphinx; write the words without quotes");
                default:
                    var start = i;
                    while (i < body.Length && !char.IsWhiteSpace(body[i]) && body[i] is not ('|' or '(' or ')' or '[' or ']' or '<' or '*' or '+' or '/' or '{' or '"'))
                    {
                        i++;
                    }

                    words.Add(body[start..i]);
                    filled.Pop();
                    filled.Push(true);
                    break;
            }
        }

        if (open.Count > 0)
        {
            throw Error(source, line, $"rule <{rule}>: '{open.Peek()}' is never closed");
        }

        RequireItem("at its end");

        return words;
    }

    /// <summary>The text with // and /* */ comments blanked (newlines kept, so line numbers stay right).</summary>
    private static string StripComments(string text, string source)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                result.Append('\n');
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error(source, LineOf(text, i), "comment '/*' is never closed");
                }

                result.Append('\n', text[i..end].Count(ch => ch == '\n'));
                i = end + 1;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>The ';'-terminated statements with the line each starts on.</summary>
    private static List<(string Text, int Line)> Statements(string body, string source)
    {
        var list = new List<(string, int)>();
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '{')
            {
                i = Math.Max(i, body.IndexOf('}', i));
            }
            else if (body[i] == ';')
            {
                var statement = body[start..i];
                var lead = statement.Length - statement.TrimStart().Length;
                list.Add((string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), LineOf(body, start + lead)));
                start = i + 1;
            }
        }

        if (body[start..].Trim().Length > 0)
        {
            throw Error(source, LineOf(body, start + (body[start..].Length - body[start..].TrimStart().Length)), $"'{Shorten(body[start..].Trim())}' does not end with ';'");
        }

        return list;
    }

    private static int LineOf(string text, int index) => 1 + text.AsSpan(0, Math.Min(index, text.Length)).Count('\n');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static SpeechException Error(string source, int line, string message) => new($"{source}:{line}: {message}");
}
