using Telephony.Speech;
using Telephony.Speech.Recognition.Pocketsphinx;

namespace Telephony.Server.Speech;

/// <summary>Opens the grammar recogniser at start: without its model the server still serves, with speech menus unavailable (logged once).</summary>
internal static class SpeechSetup
{
    public static PocketsphinxRecognizer? Grammars(Action<string> log)
    {
        try
        {
            var recognizer = new PocketsphinxRecognizer(new PocketsphinxOptions { Log = log });
            log("speech: menus and grammars are recognised by pocketsphinx (en-US)");
            return recognizer;
        }
        catch (SpeechException e)
        {
            log($"speech: warning: no grammar recognition (speech menus count as no input): {e.Message}");
            return null;
        }
    }
}
