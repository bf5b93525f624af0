using System.Globalization;
using System.Text;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// espeak-ng speaks Mandarin right only from pinyin (<c>cmn-latn-pinyin</c>, tones as digits:
/// "ni3 hao3"); its <c>cmn</c> voice reads Chinese characters mostly wrong. So Chinese characters
/// for a Mandarin voice are refused with a message, never spoken wrongly.
/// </summary>
public static class MandarinText
{
    /// <summary>The pinyin voice every Mandarin request is rendered with.</summary>
    public const string PinyinVoice = "cmn-latn-pinyin";

    /// <summary>True for a voice or language that means Mandarin (<c>cmn</c>, <c>zh</c>, <c>zh-CN</c>, <c>cmn-latn-pinyin</c>); Cantonese (<c>yue</c>, <c>zh-yue</c>) is not.</summary>
    public static bool IsMandarin(string? voiceOrLanguage)
    {
        if (voiceOrLanguage is null)
        {
            return false;
        }

        var tag = voiceOrLanguage.ToLowerInvariant();
        return tag is "zh" or "cmn" or "zh-cmn" or "zh-cn" or "zh-tw" or "zh-hans" or "zh-hant" or "zh-sg" or PinyinVoice || tag.StartsWith("cmn-", StringComparison.Ordinal) || tag.StartsWith("zh-cmn", StringComparison.Ordinal);
    }

    /// <summary>The Chinese characters (Han script) in <paramref name="text"/>, in order, at most <paramref name="max"/>.</summary>
    public static string HanCharacters(string text, int max = 8)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsHan(rune.Value))
            {
                found.Append(rune.ToString());
                if (--max == 0)
                {
                    break;
                }
            }
        }

        return found.ToString();
    }

    /// <exception cref="SpeechException"><paramref name="text"/> contains Chinese characters.</exception>
    public static void RequirePinyin(string text, string engine)
    {
        var han = HanCharacters(text);
        if (han.Length > 0)
        {
            throw new SpeechException(string.Create(CultureInfo.InvariantCulture,
                $"{engine}: Mandarin text must be written in pinyin with tone numbers (e.g. \"ni3 hao3\"), not in Chinese characters (found \"{han}\"): espeak-ng's Mandarin voice misreads characters, so this prompt is refused rather than spoken wrongly"));
        }
    }

    // The CJK unified ideographs and their extensions, compatibility ideographs and radicals.
    private static bool IsHan(int c) =>
        c is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x2E80 and <= 0x2FDF) or 0x3007 or (>= 0x20000 and <= 0x323AF);
}
