using System.Globalization;
using System.Text;

namespace Telephony.Speech.Recognition.Grammars;

/// <summary>
/// A keyword-spotting list (pocketsphinx's kws file: one <c>phrase /threshold/</c> per line):
/// the phrases are spotted anywhere in what the caller says ("I'd like billing please").
/// </summary>
/// <remarks>
/// The threshold is how sure the spotter must be. A longer phrase accumulates a smaller
/// likelihood, so a fixed threshold either floods short words with false alarms or never fires
/// on long phrases; the default scales it with the phrase's phone count: 1e-(k·phones), k =
/// <see cref="DefaultExponentPerPhone"/>. Pure: built and checked against the dictionary without
/// the engine.
/// </remarks>
public sealed class KeywordList
{
    /// <summary>Decades of threshold per phone when no threshold is given.</summary>
    public const double DefaultExponentPerPhone = 2.0;

    private KeywordList(IReadOnlyList<(string Phrase, double Threshold)> entries, IReadOnlyList<string> words)
    {
        Entries = entries;
        Words = words;
    }

    public IReadOnlyList<(string Phrase, double Threshold)> Entries { get; }

    public IReadOnlyList<string> Words { get; }

    /// <summary>The kws file text.</summary>
    public string FileText()
    {
        var text = new StringBuilder();
        foreach (var (phrase, threshold) in Entries)
        {
            text.Append(phrase).Append(" /").Append(threshold.ToString("0.###e+0", CultureInfo.InvariantCulture)).Append("/\n");
        }

        return text.ToString();
    }

    /// <summary>Builds the list, each phrase with a threshold from its length unless <paramref name="threshold"/> is given.</summary>
    /// <exception cref="SpeechException">No phrase, a malformed phrase, a threshold outside (0, 1], or a word not in the dictionary.</exception>
    public static KeywordList Build(IReadOnlyList<string> phrases, PronunciationDictionary dictionary, double? threshold = null, string what = "keywords")
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(dictionary);
        if (phrases.Count == 0)
        {
            throw new SpeechException($"{what}: at least one keyword is needed");
        }

        if (threshold is { } t && !(t > 0 && t <= 1))
        {
            throw new SpeechException($"{what}: the threshold must be above 0 and at most 1 (e.g. 1e-20), got {t.ToString(CultureInfo.InvariantCulture)}");
        }

        var entries = new List<(string, double)>();
        var words = new List<string>();
        foreach (var phrase in phrases)
        {
            var phraseWords = Phrases.Words(phrase, what);
            dictionary.RequireAll(phraseWords, what);
            var normal = string.Join(' ', phraseWords);
            if (entries.Exists(e => e.Item1 == normal))
            {
                continue;
            }

            var phones = phraseWords.Sum(w => dictionary.Pronunciations(w)[0].Split(' ').Length);
            entries.Add((normal, threshold ?? Math.Pow(10, -DefaultExponentPerPhone * phones)));
            words.AddRange(phraseWords);
        }

        return new KeywordList(entries, words.Distinct(StringComparer.Ordinal).ToList());
    }
}
