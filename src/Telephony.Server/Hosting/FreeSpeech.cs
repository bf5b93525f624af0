using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telephony.Server.Cli;
using Telephony.Server.Config;
using Telephony.Speech;
using Telephony.Speech.Recognition;
using Telephony.Speech.Recognition.Whisper;

namespace Telephony.Server.Hosting;

/// <summary>
/// Free-speech ASR of the server: the Whisper recognizer of <c>--whisper-model</c>, loaded once at
/// start and shared by every call, or none. Registered as a singleton; its startup line is logged
/// once by <see cref="FreeSpeechStartupLog"/>.
/// </summary>
internal sealed class FreeSpeech : IDisposable
{
    private readonly WhisperRecognizer? _whisper;

    private FreeSpeech(WhisperRecognizer? whisper, string startupLine)
    {
        _whisper = whisper;
        StartupLine = startupLine;
    }

    /// <summary>The recognizer for <see cref="FreeSpeechConstraint"/>, or null when no model was configured.</summary>
    public ISpeechRecognizer? Recognizer => _whisper;

    public string StartupLine { get; }

    /// <summary>Checks and loads the model before anything listens; a bad one is a usage error (exit 2) naming the flag and the path.</summary>
    public static FreeSpeech Load(Settings line, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        if (options.WhisperModel is not { } path)
        {
            return new FreeSpeech(null, "free-speech ASR off (no --whisper-model): gather/record transcription needs a Whisper model, see docs/speech.md");
        }

        try
        {
            var whisper = new WhisperRecognizer(path);
            return new FreeSpeech(whisper, $"free-speech ASR: Whisper {whisper.Model.Describe()} from {path}; {whisper.Options.MaxConcurrentPasses} pass(es) at once, {whisper.Options.Threads} thread(s) each");
        }
        catch (SpeechException e)
        {
            throw line.Error("whisper-model", $"cannot be used: {e.Message}");
        }
    }

    public void Dispose() => _whisper?.Dispose();
}

/// <summary>Logs <see cref="FreeSpeech.StartupLine"/> once when serve starts.</summary>
internal sealed partial class FreeSpeechStartupLog(FreeSpeech speech, ILogger<FreeSpeechStartupLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Line(log, speech.StartupLine);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void Line(ILogger logger, string line);
}
