namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// The arguments every decoder is created with: the model's own front end (its feat.params are
/// read by the library from the acoustic model folder) plus what the telephone path needs.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>-samprate 16000: the en-us model is a 16 kHz model; telephone audio is upsampled before
/// it reaches the decoder (<see cref="TelephoneUpsampler"/>), never fed as 8 kHz, because its
/// filter bank (-lowerf 130 -upperf 6800 -nfilt 25 in feat.params) is defined on a 16 kHz
/// spectrum. The filter bank is kept as the model was trained: narrowing -upperf to the phone
/// band would compute cepstra the model never saw (measured in docs/speech.md).</item>
/// <item>-remove_silence no: the library's own VAD would drop frames, so word timings would no
/// longer be times in the audio fed; utterances are already cut by our VAD.</item>
/// <item>-logfn /dev/null: the library logs every setting and utterance to stderr otherwise.</item>
/// </list>
/// </remarks>
internal static class DecoderSettings
{
    /// <summary>Arguments for a decoder of <paramref name="options"/>'s model with <paramref name="dictionary"/> (a path; /dev/null for words added one by one).</summary>
    public static List<string> For(PocketsphinxOptions options, string dictionary)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["hmm"] = options.AcousticModel,
            ["dict"] = dictionary,
            ["samprate"] = "16000",
            ["remove_silence"] = "no",
            ["logfn"] = "/dev/null",
        };
        foreach (var (name, value) in options.DecoderArguments)
        {
            settings[name.TrimStart('-')] = value;
        }

        var args = new List<string>();
        foreach (var (name, value) in settings)
        {
            args.Add("-" + name);
            args.Add(value);
        }

        return args;
    }
}
