using System.CommandLine;
using System.Globalization;
using Telephony.Media.Audio;
using Telephony.Media.Wav;
using Telephony.Server.Cli;
using Telephony.Speech;
using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Grammars;
using Telephony.Speech.Recognition.Pocketsphinx;

namespace Telephony.Server.Commands;

/// <summary><c>telephony asr FILE</c>: recognises a recording with a grammar, keywords or free speech, as a call's menu would.</summary>
internal static class AsrCommand
{
    public static Command Create()
    {
        var file = new Argument<string[]>("FILE") { Description = "a WAV file (any rate, mono or stereo), or raw 16-bit little-endian mono PCM with --raw-rate", Arity = ArgumentArity.ZeroOrMore };
        var grammar = Flags.Create("grammar", "FILE.gram", "recognise sentences of this JSGF grammar");
        var keywords = Flags.Create("keywords", "\"a,b\"", "spot these comma-separated words or phrases anywhere in the speech");
        var free = Flags.Create("free", null, "free speech (pocketsphinx: its en-us language model)");
        var telephone = Flags.Create("telephone", null, "pass the audio through a phone call first: 8 kHz G.711 (PCMU), then recognise it as telephone audio");
        var rawRate = Flags.Create("raw-rate", "HZ", "FILE is raw 16-bit little-endian mono PCM at this rate (pocketsphinx-testdata's .raw files are 16000)");
        var engine = Flags.Create("engine", "NAME", "recognition engine: pocketsphinx (default)");
        var details = Flags.Create("details", null, "after the text, print each word with its start and end (seconds) and confidence, then the confidence, audio length and real-time factor");
        var asr = new Command("asr", """
            Recognise speech in a recording (grammar, keywords or free speech).
            Prints the recognised text (lower case words, one line; an empty line when nothing matched). Give exactly one of --grammar, --keywords and --free. Words of a grammar or keyword list must be in the engine's dictionary (an unknown word is an error naming it). --telephone first sends the audio through what a call does to it (8 kHz, G.711), so the result is what a caller on the phone would get.
            Exit status: 0 when text was recognised, 1 when nothing matched or the engine failed, 2 when a file cannot be read or the command line is wrong.
            """) { file, grammar, keywords, free, telephone, rawRate, engine, details };
        asr.SetAction(r =>
        {
            var files = r.GetValue(file) ?? [];
            if (files.Length != 1)
            {
                throw new UsageException("asr takes exactly one FILE");
            }

            var request = new AsrRequest(files[0], Flags.Value(r, grammar), Flags.Value(r, keywords), Flags.Switch(r, free), Flags.Switch(r, telephone),
                Flags.Value(r, rawRate), Flags.Value(r, engine) ?? PocketsphinxRecognizer.EngineName, Flags.Switch(r, details));
            return Run(request, r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
        });
        return asr;
    }

    public static int Run(AsrRequest request, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (new[] { request.Grammar is not null, request.Keywords is not null, request.Free }.Count(x => x) != 1)
        {
            throw new UsageException("asr needs exactly one of --grammar FILE.gram, --keywords \"a,b\" and --free");
        }

        if (request.Engine != PocketsphinxRecognizer.EngineName)
        {
            throw new UsageException($"--engine must be pocketsphinx (got '{request.Engine}')");
        }

        var (samples, rate) = ReadAudio(request.File, request.RawRate);
        if (request.Telephone)
        {
            samples = TelephoneChannel.Through(samples, rate);
            rate = 8000;
        }
        else if (rate is not (8000 or 16000))
        {
            samples = Resampler.ToRate(samples, rate, 16000);
            rate = 16000;
        }

        try
        {
            using var recognizer = new PocketsphinxRecognizer();
            var constraint = Constraint(request, recognizer.Dictionary);
            RecognitionResult result;
            using (var recognition = recognizer.Start(new RecognitionRequest(constraint, "en-US", rate)))
            {
                // Fed in 20 ms frames, as a call's audio arrives.
                var frame = rate / 50;
                for (var offset = 0; offset < samples.Length; offset += frame)
                {
                    recognition.Feed(samples.AsSpan(offset, Math.Min(frame, samples.Length - offset)));
                }

                result = recognition.FinishAsync().GetAwaiter().GetResult();
            }

            output.WriteLine(result.Text);
            if (request.Details)
            {
                foreach (var word in result.Words)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{word.Start.TotalSeconds:F2}\t{word.End.TotalSeconds:F2}\t{word.Word}\t{word.Confidence:F2}"));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"confidence {result.Confidence:F2}, audio {result.AudioLength.TotalSeconds:F2} s at {rate} Hz, CPU {result.ProcessingTime.TotalMilliseconds:F0} ms, real-time factor {result.RealTimeFactor:F3}"));
            }

            return result.Text.Length > 0 ? 0 : 1;
        }
        catch (SpeechException e)
        {
            error.WriteLine("telephony: " + e.Message);
            return e.Message.Contains("cannot read", StringComparison.Ordinal) ? 2 : 1;
        }
    }

    private static RecognitionConstraint Constraint(AsrRequest request, PronunciationDictionary dictionary)
    {
        if (request.Grammar is { } path)
        {
            // Checked here so a bad file is named by its path (the engine only sees its text).
            var grammar = JsgfGrammar.Load(path);
            dictionary.RequireAll(grammar.Words, path);
            return new GrammarConstraint(grammar.Text);
        }

        if (request.Keywords is { } list)
        {
            var phrases = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (phrases.Length == 0)
            {
                throw new UsageException("--keywords needs at least one word, e.g. --keywords \"billing,sales\"");
            }

            KeywordList.Build(phrases, dictionary, what: "--keywords");
            return new KeywordConstraint(phrases);
        }

        return new FreeSpeechConstraint();
    }

    private static (short[] Samples, int Rate) ReadAudio(string file, string? rawRate)
    {
        if (Directory.Exists(file))
        {
            throw new UsageException($"{file} is a folder; asr recognises one audio FILE");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {file}: {e.Message}");
        }

        if (rawRate is not null)
        {
            if (!int.TryParse(rawRate, NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate is < 4000 or > 192000)
            {
                throw new UsageException($"--raw-rate must be a sample rate in Hz from 4000 to 192000 (got '{rawRate}')");
            }

            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            return (samples, rate);
        }

        try
        {
            using var stream = new MemoryStream(bytes);
            var wav = WavReader.Read(stream);
            return (wav.Samples, wav.SampleRate);
        }
        catch (InvalidDataException e)
        {
            var hint = file.EndsWith(".raw", StringComparison.OrdinalIgnoreCase) ? " (a .raw file needs its rate: --raw-rate 16000)" : string.Empty;
            throw new UsageException($"{file}: {e.Message}{hint}");
        }
    }
}

/// <summary>What <c>telephony asr</c> was asked.</summary>
internal sealed record AsrRequest(string File, string? Grammar, string? Keywords, bool Free, bool Telephone, string? RawRate, string Engine, bool Details);
