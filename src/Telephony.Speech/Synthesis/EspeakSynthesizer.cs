using System.Globalization;
using System.Runtime.CompilerServices;
using Telephony.Media.Audio;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// espeak-ng (Debian <c>espeak-ng</c>) for the languages flite does not speak, run as a separate
/// process per sentence (it is GPL and never linked): <c>espeak-ng --stdout -v VOICE -s WPM</c>
/// with the sentence on stdin, its 22.05 kHz WAV resampled to the request's rate. One process per
/// sentence yields the first sentence while the next renders. Mandarin is rendered from pinyin
/// only (<c>cmn-latn-pinyin</c>); Chinese characters are refused (see <see cref="MandarinText"/>).
/// Thread-safe: every request runs its own processes.
/// </summary>
public sealed class EspeakSynthesizer : ISpeechSynthesizer
{
    public const string EngineName = "espeak-ng";

    /// <summary>espeak-ng's own default speed, words per minute: our speaking rate 1.0.</summary>
    public const int NormalWordsPerMinute = 175;

    private readonly string _program;
    private readonly TimeSpan _timeout;
    private readonly int _maxOutputBytes;
    private readonly Lazy<EspeakVoices> _voices;

    /// <param name="program">The espeak-ng executable (the one on PATH by default).</param>
    /// <param name="timeout">How long one sentence may take; 30 s by default.</param>
    /// <param name="maxOutputBytes">The most WAV output one sentence may produce; 16 MB (about 6 minutes) by default.</param>
    public EspeakSynthesizer(string program = "espeak-ng", TimeSpan? timeout = null, int maxOutputBytes = 16 * 1024 * 1024)
    {
        _program = program;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        _maxOutputBytes = maxOutputBytes;
        _voices = new Lazy<EspeakVoices>(LoadVoices);
    }

    public string Engine => EngineName;

    public IReadOnlyList<SpeechVoice> Voices => _voices.Value.Voices;

    /// <summary>The espeak-ng voice a request is rendered with (Mandarin: always pinyin).</summary>
    /// <exception cref="SpeechException">No such voice or language, or espeak-ng is missing.</exception>
    public string VoiceFor(SynthesisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _voices.Value.Choose(request.Voice, request.Language);
    }

    public async IAsyncEnumerable<ReadOnlyMemory<short>> SynthesizeAsync(SynthesisRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SynthesisChecks.Validate(request, EngineName);
        var voice = VoiceFor(request);
        if (voice == MandarinText.PinyinVoice)
        {
            // Checked for the whole text before the first sentence plays: a prompt is refused whole, never half spoken.
            MandarinText.RequirePinyin(request.Text, EngineName);
        }

        var wpm = ((int)Math.Round(NormalWordsPerMinute * request.SpeakingRate)).ToString(CultureInfo.InvariantCulture);
        foreach (var sentence in SentenceSplitter.Split(request.Text))
        {
            var wav = await EspeakProcess.RunAsync(_program, ["--stdout", "-v", voice, "-s", wpm], sentence, _timeout, _maxOutputBytes, cancellationToken);
            var (samples, rate) = EspeakProcess.ParseWav(wav);
            yield return Resampler.ToRate(samples, rate, request.SampleRate);
        }
    }

    private EspeakVoices LoadVoices()
    {
        var listing = EspeakProcess.RunAsync(_program, ["--voices"], null, _timeout, 1024 * 1024, CancellationToken.None).GetAwaiter().GetResult();
        return EspeakVoices.Parse(System.Text.Encoding.UTF8.GetString(listing));
    }
}
