namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Sphinxbase logs every setting and every utterance's statistics to stderr; a server's log and
/// a CLI's output are no place for that. Its log is switched off once, process-wide, before the
/// first call that could log (the decoders' own -logfn /dev/null covers what ps_init reopens).
/// </summary>
internal static class NativeLog
{
    private static int _silenced;

    public static void Silence()
    {
        if (Interlocked.Exchange(ref _silenced, 1) == 0)
        {
            // err_set_logfp(NULL) disables logging in sphinxbase 5prealpha.
            PocketsphinxNative.SetLogFile(IntPtr.Zero);
        }
    }
}
