using System.Globalization;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>What of pocketsphinx's output is a word: not silence, sentence marks, null arcs or fillers; alternates lose their (2).</summary>
internal static class ResultWords
{
    public static bool IsWord(string segment)
    {
        var word = segment.Trim();
        return word.Length > 0 && word is not ("<s>" or "</s>" or "<sil>" or "(NULL)") && !(word.StartsWith('[') || word.StartsWith('+') || word.StartsWith('<'));
    }

    /// <summary>"forward(2) " → "forward".</summary>
    public static string Clean(string segment)
    {
        var word = segment.Trim();
        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return (paren > 0 && word.EndsWith(')') ? word[..paren] : word).ToLower(CultureInfo.InvariantCulture);
    }

    public static string Normalize(string hypothesis) =>
        string.Join(' ', hypothesis.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(IsWord).Select(Clean));
}
