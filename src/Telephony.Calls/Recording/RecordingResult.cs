namespace Telephony.Calls.Recording;

/// <summary>Why a recording stopped.</summary>
public enum RecordingEnd
{
    /// <summary>The caller pressed one of the stop keys.</summary>
    Key,

    /// <summary>The caller was silent for the step's <c>silence</c>.</summary>
    Silence,

    /// <summary>It reached its maximum length (the step's, or the server's cap).</summary>
    MaxLength,

    /// <summary>The call ended while recording.</summary>
    Hangup,
}

/// <summary>One recording of the caller.</summary>
/// <param name="Path">The WAV (16-bit mono 8 kHz); '' when nothing was said (no file is kept).</param>
/// <param name="Duration">The audio in the file.</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Key">The stop key pressed, when <paramref name="Reason"/> is <see cref="RecordingEnd.Key"/>.</param>
/// <param name="Text">The transcription ('' when not asked, nothing was said, or no free-speech recogniser).</param>
/// <param name="Engine">The recogniser that transcribed it; '' when none did.</param>
public sealed record RecordingResult(string Path, TimeSpan Duration, RecordingEnd Reason, char? Key = null, string Text = "", string Engine = "")
{
    /// <summary>The reason as the dialplan and the events spell it: key, silence, max_length, hangup.</summary>
    public string ReasonText => Name(Reason);

    public static string Name(RecordingEnd reason) => reason switch
    {
        RecordingEnd.Key => "key",
        RecordingEnd.Silence => "silence",
        RecordingEnd.MaxLength => "max_length",
        _ => "hangup",
    };
}
