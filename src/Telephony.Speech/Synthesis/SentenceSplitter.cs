using System.Text;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// Splits text into sentences, so an engine can render (and the caller hear) the first one while
/// the rest is still being rendered.
/// </summary>
/// <remarks>
/// A sentence ends at . ! ? ; or their full-width forms when whitespace or the end follows, and at
/// a line break. "12.50" and "3.5" stay whole (no space after the dot). A split after an
/// abbreviation ("Mr. Smith") costs only a slightly longer pause, so it is not worth a word list.
/// Control characters become spaces: no engine should see them.
/// </remarks>
public static class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Flush(current, sentences);
                continue;
            }

            current.Append(char.IsControl(c) ? ' ' : c);
            var ends = c is '.' or '!' or '?' or ';' or '。' or '！' or '？' or '；';
            if (ends && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]) || c > 0x3000))
            {
                Flush(current, sentences);
            }
        }

        Flush(current, sentences);
        return sentences;
    }

    private static void Flush(StringBuilder current, List<string> sentences)
    {
        var sentence = current.ToString().Trim();
        current.Clear();
        if (sentence.Length > 0 && sentence.Any(char.IsLetterOrDigit))
        {
            sentences.Add(sentence);
        }
    }
}
