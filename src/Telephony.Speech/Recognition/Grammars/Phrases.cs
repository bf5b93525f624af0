using System.Globalization;

namespace Telephony.Speech.Recognition.Grammars;

/// <summary>Menu phrases in the one form grammars, keyword lists and results share: lower case words, single spaces.</summary>
internal static class Phrases
{
    /// <summary>The words of <paramref name="phrase"/>, lower case.</summary>
    /// <exception cref="SpeechException">The phrase is empty or holds a character no JSGF token or dictionary word may hold.</exception>
    public static string[] Words(string phrase, string what)
    {
        var words = phrase.ToLower(CultureInfo.InvariantCulture).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw new SpeechException($"{what}: an empty phrase");
        }

        foreach (var word in words)
        {
            // Letters, apostrophes (don't) and hyphens (check-in) are what dictionary words hold;
            // anything else would change the grammar's meaning (| ; < >) or can never match.
            if (!word.All(c => char.IsLetter(c) || c is '\'' or '-' or '.'))
            {
                throw new SpeechException($"{what}: '{phrase}' holds '{word}'; phrases are words of letters (spell numbers as words: 'two', not '2')");
            }
        }

        return words;
    }

    public static string Normalize(string text) =>
        string.Join(' ', text.ToLower(CultureInfo.InvariantCulture).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
