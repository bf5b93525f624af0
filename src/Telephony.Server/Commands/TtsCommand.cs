using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Telephony.Media.Wav;
using Telephony.Server.Cli;
using Telephony.Speech;
using Telephony.Speech.Synthesis;

namespace Telephony.Server.Commands;

/// <summary><c>telephony tts "text" [--voice V] [--rate 8000|16000] -o out.wav</c>: renders text as the server would, for admins to listen to.</summary>
internal static class TtsCommand
{
    public static Command Create()
    {
        var text = new Argument<string[]>("TEXT") { Description = "what to say (quote it)", Arity = ArgumentArity.ZeroOrMore };
        var voice = Flags.Create("voice", "V", "a voice: flite's kal (default), slt, rms, awb; or an espeak-ng voice (de, fr-fr, es, cmn-latn-pinyin, ...); espeak-ng:NAME or flite:NAME name the engine");
        var language = Flags.Create("language", "TAG", "the language when no --voice is given (BCP 47): en goes to flite, any other to espeak-ng (zh: Mandarin, written in pinyin)");
        var rate = Flags.Create("rate", "8000|16000", "sample rate of the WAV (default 8000, the telephone rate)");
        var speed = Flags.Create("speed", "X", "speaking rate, 0.5 to 2.0 (default 1.0; 1.2 is 20% faster)");
        var output = Flags.Create("output", "FILE", "the WAV to write (16-bit mono PCM; written to a temporary file, then renamed)");
        output.Aliases.Add("-o");
        var tts = new Command("tts", """
            Render text to a WAV with the server's speech engines.
            Renders TEXT with the engine and voice a dialplan would get (flite in-process for English, espeak-ng as a separate process for other languages) and writes a 16-bit mono WAV. Prints what it wrote: file, length, rate, engine, voice, and the time to the first audio. Mandarin must be written in pinyin with tone numbers (ni3 hao3): Chinese characters are refused, because espeak-ng misreads them.
            Exit status: 0 when the WAV was written, 1 when the engine could not speak the text (the message says why), 2 on a usage error.
            """) { text, voice, language, rate, speed, output };
        tts.SetAction(async (r, cancel) =>
        {
            var words = r.GetValue(text) ?? [];
            if (words.Length == 0)
            {
                throw new UsageException("tts needs TEXT (quote it: telephony tts \"Hello\" -o hello.wav)");
            }

            var file = Flags.Value(r, output) ?? throw new UsageException("tts needs -o FILE (the WAV to write)");
            var request = new SynthesisRequest(
                string.Join(' ', words),
                Flags.Value(r, voice),
                Flags.Value(r, language),
                Flags.Value(r, rate) is { } given ? Rate(given) : 8000,
                Flags.Value(r, speed) is { } s ? Speed(s) : 1.0);
            return await RunAsync(request, file, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, cancel);
        });
        return tts;
    }

    public static async Task<int> RunAsync(SynthesisRequest request, string file, TextWriter output, TextWriter error, CancellationToken cancel)
    {
        try
        {
            var choice = SpeechSynthesizers.Create().Choose(request);
            var clock = Stopwatch.StartNew();
            TimeSpan? first = null;
            var pcm = new List<short>();
            await foreach (var chunk in choice.Engine.SynthesizeAsync(choice.Request, cancel))
            {
                first ??= clock.Elapsed;
                pcm.AddRange(chunk.Span);
            }

            var total = clock.Elapsed;
            WavWriter.WritePcm16(file, request.SampleRate, pcm.ToArray());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {file}: {pcm.Count / (double)request.SampleRate:0.00} s, {request.SampleRate} Hz 16-bit mono, {choice.Engine.Engine} voice {choice.Request.Voice}; first audio after {(first ?? total).TotalMilliseconds:0} ms, all after {total.TotalMilliseconds:0} ms"));
            return 0;
        }
        catch (SpeechException e)
        {
            error.WriteLine("telephony: tts: " + e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"telephony: tts: cannot write {file}: {e.Message}");
            return 1;
        }
    }

    private static int Rate(string text) =>
        text is "8000" or "16000" ? int.Parse(text, CultureInfo.InvariantCulture) : throw new UsageException($"--rate must be 8000 or 16000 (got '{text}')");

    private static double Speed(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) && x is >= 0.5 and <= 2.0
            ? x
            : throw new UsageException($"--speed must be a number from 0.5 to 2.0 (got '{text}')");
}
