using System.Runtime.CompilerServices;
using Telephony.Media.Audio;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// flite (Debian <c>libflite1</c>) in-process: US English voices <c>kal</c> (rendered natively at
/// 8 kHz, the telephone rate) and <c>slt</c>, <c>rms</c>, <c>awb</c> (16 kHz, resampled to the
/// request's rate). Text is rendered one sentence at a time and each sentence is yielded as soon
/// as it is ready, so a long prompt starts playing after its first sentence.
/// </summary>
/// <remarks>
/// Every native call is serialised by one process-wide lock. flite is not thread-safe: a voice's
/// feature set is shared by all its utterances and we change it per request (duration_stretch for
/// the speaking rate), the US English lexicon and language modules are shared by all voices, and
/// its error path goes through one global jump buffer (<c>cst_errjmp</c>). A sentence renders in a
/// few milliseconds (see docs/speech.md), and the lock is taken per sentence, so concurrent
/// requests interleave rather than wait for each other's whole text; the prompt cache keeps
/// repeated prompts off the engine altogether.
/// </remarks>
public sealed class FliteSynthesizer : ISpeechSynthesizer
{
    public const string EngineName = "flite";

    private static readonly Lock Gate = new();
    private static FliteLibrary? _library;

    private static readonly SpeechVoice[] AllVoices =
    [
        new("kal", "en-US", 8000),
        new("slt", "en-US", 16000),
        new("rms", "en-US", 16000),
        new("awb", "en-US", 16000),
    ];

    /// <summary>Loads libflite (once per process).</summary>
    /// <exception cref="SpeechException">libflite1 is not installed.</exception>
    public FliteSynthesizer()
    {
        lock (Gate)
        {
            _library ??= FliteLibrary.Load();
        }
    }

    public string Engine => EngineName;

    public IReadOnlyList<SpeechVoice> Voices => AllVoices;

    public async IAsyncEnumerable<ReadOnlyMemory<short>> SynthesizeAsync(SynthesisRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SynthesisChecks.Validate(request, EngineName);
        var voice = Find(request);
        RequireLatin(request.Text);
        var stretch = (float)(1.0 / request.SpeakingRate);
        foreach (var sentence in SentenceSplitter.Split(request.Text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pcm = await Task.Run(() => Render(sentence, voice, stretch, request.SampleRate), cancellationToken);
            yield return pcm;
        }
    }

    private static SpeechVoice Find(SynthesisRequest request)
    {
        if (request.Voice is null)
        {
            if (request.Language is not null && !SynthesisChecks.IsLanguage(request.Language, "en"))
            {
                throw new SpeechException($"flite: speaks English only, not '{request.Language}' (use espeak-ng for other languages)");
            }

            return AllVoices[0];
        }

        var name = request.Voice.StartsWith("cmu_us_", StringComparison.Ordinal) ? request.Voice["cmu_us_".Length..] : request.Voice;
        return AllVoices.FirstOrDefault(v => v.Name == name)
            ?? throw new SpeechException($"flite: no voice '{request.Voice}' (voices: {string.Join(", ", AllVoices.Select(v => v.Name))})");
    }

    /// <summary>flite reads only Latin letters; any other script would come out as silence, so it is refused instead.</summary>
    private static void RequireLatin(string text)
    {
        var foreign = new string([.. text.Where(c => char.IsLetter(c) && c > '\u024F').Take(8)]);
        if (foreign.Length > 0)
        {
            throw new SpeechException($"flite: speaks English (Latin letters) only and would say nothing for \"{foreign}\"; give the prompt a language (espeak-ng speaks it), and write Mandarin in pinyin");
        }
    }

    private static short[] Render(string sentence, SpeechVoice voice, float stretch, int rate)
    {
        short[] samples;
        int native;
        lock (Gate)
        {
            var library = _library!;
            var handle = library.Voice(voice.Name);
            library.SetFeature(handle, "duration_stretch", stretch);
            (samples, native) = library.Render(sentence, handle);
        }

        // Resampling needs no lock: it runs outside, while the next request renders.
        return Resampler.ToRate(samples, native, rate);
    }
}
