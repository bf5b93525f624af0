using System.Text;
using Whisper.net;

namespace Telephony.Speech.Recognition.Whisper;

/// <summary>Turns Whisper's segments and tokens into a <see cref="RecognitionResult"/>: text, words, segments, confidence.</summary>
internal static class WhisperTranscript
{
    public const string Engine = "whisper";

    /// <summary>End-of-text: the first special token of every Whisper vocabulary; ids below it are text.</summary>
    private const int FirstSpecialToken = 50256;

    /// <summary>Whisper's timestamps count 10 ms steps.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public static RecognitionResult Build(IReadOnlyList<SegmentData> segments, TimeSpan audio, TimeSpan processing, bool isFinal)
    {
        var words = new List<WordTiming>();
        var phrases = new List<SegmentTiming>();
        double probabilitySum = 0;
        var textTokens = 0;
        foreach (var segment in segments)
        {
            // Whisper decodes 30 s windows padded with silence and its timestamps can run past the
            // audio; nothing said lies outside what was fed, so times are clamped to it.
            var start = Clamp(segment.Start, TimeSpan.Zero, audio);
            var end = Clamp(segment.End, start, audio);
            var tokens = segment.Tokens.Where(t => t.Id < FirstSpecialToken).ToList();
            var confidence = tokens.Count > 0 ? tokens.Average(t => (double)t.Probability) : 0;
            probabilitySum += tokens.Sum(t => (double)t.Probability);
            textTokens += tokens.Count;
            var text = segment.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            phrases.Add(new SegmentTiming(text, start, end, confidence));
            words.AddRange(WordsOf(text, tokens, start, end));
        }

        return new RecognitionResult(
            Join(words),
            textTokens > 0 ? probabilitySum / textTokens : 0,
            words,
            Engine,
            isFinal,
            processing,
            audio)
        {
            Segments = phrases,
        };
    }

    /// <summary>
    /// The words of one segment. Token timestamps give each token a span; a token starting with a
    /// space (or a CJK character, which needs none) starts a word. When the tokens do not spell the
    /// segment's text (a character split over two tokens decodes as U+FFFD on its own), the words
    /// come from the text and share the segment's time by length: approximate, but never lost.
    /// </summary>
    private static List<WordTiming> WordsOf(string text, List<WhisperToken> tokens, TimeSpan start, TimeSpan end)
    {
        var spelled = string.Concat(tokens.Select(t => t.Text)).Trim();
        if (spelled == text && tokens.Count > 0)
        {
            return FromTokens(tokens, start, end);
        }

        var pieces = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Normalise).Where(w => w.Length > 0).ToList();
        var total = pieces.Sum(p => p.Length);
        var result = new List<WordTiming>();
        var at = 0;
        foreach (var piece in pieces)
        {
            var from = start + ((end - start) * at / Math.Max(1, total));
            at += piece.Length;
            result.Add(new WordTiming(piece, from, start + ((end - start) * at / Math.Max(1, total)), 0));
        }

        return result;
    }

    private static List<WordTiming> FromTokens(List<WhisperToken> tokens, TimeSpan start, TimeSpan end)
    {
        var words = new List<WordTiming>();
        var word = new StringBuilder();
        TimeSpan wordStart = start, wordEnd = start;
        double p = 0;
        var n = 0;
        void Flush()
        {
            var w = Normalise(word.ToString());
            if (w.Length > 0)
            {
                words.Add(new WordTiming(w, wordStart, Clamp(wordEnd, wordStart, end), p / n));
            }

            word.Clear();
            p = 0;
            n = 0;
        }

        foreach (var token in tokens)
        {
            var text = token.Text ?? string.Empty;
            if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || IsCjk(text[0])))
            {
                Flush();
            }

            var tokenStart = Clamp(token.Start * Tick, start, end);
            var tokenEnd = Clamp(token.End * Tick, tokenStart, end);
            if (n == 0)
            {
                wordStart = tokenStart;
            }

            wordEnd = tokenEnd > wordEnd || n == 0 ? tokenEnd : wordEnd;
            word.Append(text);
            p += token.Probability;
            n++;
        }

        Flush();
        return words;
    }

    /// <summary>The words with single spaces, except between two CJK words (Chinese and Japanese are written without).</summary>
    private static string Join(List<WordTiming> words)
    {
        var text = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0 && !(IsCjk(words[i - 1].Word[^1]) && IsCjk(words[i].Word[0])))
            {
                text.Append(' ');
            }

            text.Append(words[i].Word);
        }

        return text.ToString();
    }

    /// <summary>A word as the contract has it: lower case, no surrounding punctuation or spaces.</summary>
    private static string Normalise(string word) => word.Trim().Trim(PunctuationAround).ToLowerInvariant();

    private static readonly char[] PunctuationAround = ".,;:!?\"'()[]{}…“”‘’«»。，、；：！？「」".ToCharArray();

    private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u9fff' or >= '\uf900' and <= '\ufaff' or >= '\uac00' and <= '\ud7af';

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
