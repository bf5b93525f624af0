using System.Collections.Frozen;

namespace Telephony.Speech.Recognition.Grammars;

/// <summary>
/// A CMU-style pronouncing dictionary (<c>word PH ON ES</c> per line, alternates as
/// <c>word(2)</c>): which words a recognizer can hear and how each is pronounced. Grammars and
/// keyword lists are checked against it in managed code, so a word the engine does not know is a
/// clear error naming it before anything reaches native code. Immutable, thread-safe.
/// </summary>
public sealed class PronunciationDictionary
{
    private readonly FrozenDictionary<string, string[]> _words;

    private PronunciationDictionary(FrozenDictionary<string, string[]> words, string source)
    {
        _words = words;
        Source = source;
    }

    /// <summary>Where the dictionary came from (a path), for messages.</summary>
    public string Source { get; }

    public int Count => _words.Count;

    /// <summary>Reads a dictionary file.</summary>
    /// <exception cref="SpeechException">The file is missing, unreadable or holds no word.</exception>
    public static PronunciationDictionary Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpeechException($"{path}: cannot read the pronouncing dictionary ({e.Message}); is pocketsphinx-en-us installed?", e);
        }

        return Parse(lines, path);
    }

    /// <summary>A dictionary from lines of text (<paramref name="source"/> names it in messages).</summary>
    public static PronunciationDictionary Parse(IEnumerable<string> lines, string source)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var words = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var space = line.IndexOfAny([' ', '\t']);
            if (space <= 0 || line.StartsWith(";;", StringComparison.Ordinal))
            {
                continue;
            }

            var word = line[..space];
            var paren = word.IndexOf('(', StringComparison.Ordinal);
            if (paren > 0 && word.EndsWith(')'))
            {
                word = word[..paren];
            }

            var phones = string.Join(' ', line[space..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
            if (!words.TryGetValue(word, out var list))
            {
                words[word] = list = [];
            }

            list.Add(phones);
        }

        if (words.Count == 0)
        {
            throw new SpeechException($"{source}: the pronouncing dictionary holds no word");
        }

        return new PronunciationDictionary(words.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal), source);
    }

    public bool Contains(string word) => _words.ContainsKey(word);

    /// <summary>The pronunciations of <paramref name="word"/> (first the main one), empty when unknown.</summary>
    public IReadOnlyList<string> Pronunciations(string word) => _words.TryGetValue(word, out var p) ? p : [];

    /// <summary>Throws unless every word is in the dictionary; the message names the missing ones.</summary>
    /// <param name="what">What the words came from, e.g. "grammar menu.gram".</param>
    /// <exception cref="SpeechException">Some word is not in the dictionary.</exception>
    public void RequireAll(IEnumerable<string> words, string what)
    {
        var missing = words.Where(w => !Contains(w)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var hint = missing.Any(w => w.Any(char.IsUpper)) ? " (dictionary words are lower case)"
            : missing.Any(w => w.Any(char.IsDigit)) ? " (spell numbers as words: 'two', not '2')"
            : " (use a word the dictionary has, or spell it as words it has)";
        var quoted = string.Join(", ", missing.Select(w => $"'{w}'"));
        throw new SpeechException($"{what}: {(missing.Count == 1 ? "word" : "words")} {quoted} not in the pronouncing dictionary {Source}{hint}");
    }
}
