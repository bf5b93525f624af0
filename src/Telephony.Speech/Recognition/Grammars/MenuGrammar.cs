using System.Text;

namespace Telephony.Speech.Recognition.Grammars;

/// <summary>
/// The JSGF grammar of a speech menu: a caller says one choice's name or one of its synonyms
/// (<c>billing | accounts | sales | buy something</c>), and a recognised phrase maps back to its
/// choice. Pure: built and checked against the dictionary without the engine.
/// </summary>
public sealed class MenuGrammar
{
    private readonly Dictionary<string, string> _choiceByPhrase;

    private MenuGrammar(string jsgf, Dictionary<string, string> choiceByPhrase, IReadOnlyList<string> words)
    {
        Jsgf = jsgf;
        _choiceByPhrase = choiceByPhrase;
        Words = words;
    }

    /// <summary>The grammar text (for <see cref="GrammarConstraint"/>).</summary>
    public string Jsgf { get; }

    /// <summary>Every word the grammar holds.</summary>
    public IReadOnlyList<string> Words { get; }

    public GrammarConstraint Constraint => new(Jsgf);

    /// <summary>Builds the grammar of <paramref name="choices"/>, every word checked against <paramref name="dictionary"/>.</summary>
    /// <exception cref="SpeechException">No choice, an empty or malformed phrase, a phrase used by two choices, or a word not in the dictionary; the message names it.</exception>
    public static MenuGrammar Build(IReadOnlyList<MenuChoice> choices, PronunciationDictionary dictionary, string what = "menu")
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(dictionary);
        if (choices.Count == 0)
        {
            throw new SpeechException($"{what}: a speech menu needs at least one choice");
        }

        var choiceByPhrase = new Dictionary<string, string>(StringComparer.Ordinal);
        var alternatives = new List<string>();
        var words = new List<string>();
        foreach (var choice in choices)
        {
            foreach (var phrase in choice.Phrases)
            {
                var phraseWords = Phrases.Words(phrase, $"{what} choice '{choice.Name}'");
                var normal = string.Join(' ', phraseWords);
                if (choiceByPhrase.TryGetValue(normal, out var other))
                {
                    if (other == choice.Name)
                    {
                        continue;
                    }

                    throw new SpeechException($"{what}: '{normal}' picks both '{other}' and '{choice.Name}'; a phrase belongs to one choice");
                }

                choiceByPhrase[normal] = choice.Name;
                alternatives.Add(normal);
                words.AddRange(phraseWords);
            }
        }

        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        dictionary.RequireAll(distinct, what);
        var jsgf = new StringBuilder()
            .Append("#JSGF V1.0;\n\ngrammar menu;\n\npublic <choice> = ")
            .AppendJoin(" | ", alternatives)
            .Append(";\n")
            .ToString();
        return new MenuGrammar(jsgf, choiceByPhrase, distinct);
    }

    /// <summary>The choice that <paramref name="recognisedText"/> picks, or null when it picks none.</summary>
    public string? ChoiceOf(string recognisedText) =>
        _choiceByPhrase.TryGetValue(Phrases.Normalize(recognisedText), out var choice) ? choice : null;
}
