using System.Runtime.InteropServices;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// The C API of Debian's libpocketsphinx3 / libsphinxbase3 (0.8+5prealpha: ps_start_utt and
/// ps_get_hyp without utterance ids). Only what the recognizer uses.
/// </summary>
/// <remarks>
/// DllImport, not LibraryImport: every signature is blittable (pointers, ints, pinned byte arrays
/// holding NUL-terminated UTF-8), so the project needs no unsafe code. Strings returned by the
/// library are owned by the decoder and read at once with <see cref="Marshal.PtrToStringUTF8(IntPtr)"/>.
/// cmd_ln_init is variadic and so is not called; cmd_ln_parse_r takes an argv instead.
/// </remarks>
internal static class PocketsphinxNative
{
    public const string Library = "libpocketsphinx.so.3";
    public const string BaseLibrary = "libsphinxbase.so.3";

    [DllImport(Library, EntryPoint = "ps_args")]
    public static extern IntPtr Args();

    [DllImport(BaseLibrary, EntryPoint = "cmd_ln_parse_r")]
    public static extern IntPtr ParseConfig(IntPtr config, IntPtr definitions, int argc, IntPtr[] argv, int strict);

    [DllImport(BaseLibrary, EntryPoint = "cmd_ln_free_r")]
    public static extern int FreeConfig(IntPtr config);

    [DllImport(BaseLibrary, EntryPoint = "err_set_logfp")]
    public static extern void SetLogFile(IntPtr file);

    [DllImport(Library, EntryPoint = "ps_init")]
    public static extern IntPtr Init(IntPtr config);

    [DllImport(Library, EntryPoint = "ps_free")]
    public static extern int Free(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_add_word")]
    public static extern int AddWord(IntPtr decoder, byte[] word, byte[] phones, int update);

    [DllImport(Library, EntryPoint = "ps_set_jsgf_string")]
    public static extern int SetJsgfString(IntPtr decoder, byte[] name, byte[] jsgf);

    [DllImport(Library, EntryPoint = "ps_set_kws")]
    public static extern int SetKeywordFile(IntPtr decoder, byte[] name, byte[] path);

    [DllImport(Library, EntryPoint = "ps_set_lm_file")]
    public static extern int SetLanguageModelFile(IntPtr decoder, byte[] name, byte[] path);

    [DllImport(Library, EntryPoint = "ps_set_search")]
    public static extern int SetSearch(IntPtr decoder, byte[] name);

    [DllImport(Library, EntryPoint = "ps_start_utt")]
    public static extern int StartUtterance(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_process_raw")]
    public static extern int ProcessRaw(IntPtr decoder, short[] data, nuint samples, int noSearch, int fullUtterance);

    [DllImport(Library, EntryPoint = "ps_start_stream")]
    public static extern int StartStream(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_end_utt")]
    public static extern int EndUtterance(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_get_hyp")]
    public static extern IntPtr GetHypothesis(IntPtr decoder, out int bestScore);

    [DllImport(Library, EntryPoint = "ps_get_prob")]
    public static extern int GetProbability(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_get_logmath")]
    public static extern IntPtr GetLogMath(IntPtr decoder);

    [DllImport(BaseLibrary, EntryPoint = "logmath_exp")]
    public static extern double LogMathExp(IntPtr logMath, int logValue);

    [DllImport(Library, EntryPoint = "ps_seg_iter")]
    public static extern IntPtr SegmentIterator(IntPtr decoder);

    [DllImport(Library, EntryPoint = "ps_seg_next")]
    public static extern IntPtr SegmentNext(IntPtr segment);

    [DllImport(Library, EntryPoint = "ps_seg_word")]
    public static extern IntPtr SegmentWord(IntPtr segment);

    [DllImport(Library, EntryPoint = "ps_seg_frames")]
    public static extern void SegmentFrames(IntPtr segment, out int startFrame, out int endFrame);

    [DllImport(Library, EntryPoint = "ps_seg_prob")]
    public static extern int SegmentProbability(IntPtr segment, out int acousticScore, out int languageScore, out int backoff);

    [DllImport(Library, EntryPoint = "ps_seg_free")]
    public static extern void SegmentFree(IntPtr segment);

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/> for a <c>const char *</c> parameter.</summary>
    public static byte[] Utf8(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
