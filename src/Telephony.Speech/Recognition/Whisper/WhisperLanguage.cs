namespace Telephony.Speech.Recognition.Whisper;

/// <summary>Maps a request's BCP 47 language (<c>en-US</c>, <c>zh-CN</c>, <c>cmn-Hans</c>) to Whisper's code (<c>en</c>, <c>zh</c>).</summary>
internal static class WhisperLanguage
{
    /// <summary>Whisper's code for <paramref name="language"/>: its primary subtag, lower case, with ISO 639-3 Mandarin and Cantonese mapped.</summary>
    public static string ToCode(string language)
    {
        ArgumentNullException.ThrowIfNull(language);
        var primary = language.Split('-', '_')[0].Trim().ToLowerInvariant();
        return primary switch
        {
            // Whisper calls Mandarin "zh"; its "yue" token is Cantonese.
            "cmn" => "zh",
            "zho" or "chi" => "zh",
            "eng" => "en",
            _ => primary,
        };
    }
}
