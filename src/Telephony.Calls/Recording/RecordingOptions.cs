namespace Telephony.Calls.Recording;

/// <summary>How one recording of the caller (voicemail) runs: see <see cref="ICall.RecordAsync"/>.</summary>
/// <param name="MaxLength">The longest recording; the server's cap (<see cref="ServerCap"/>) bounds it whatever is asked.</param>
/// <param name="Silence">Silence that ends it, counted after the caller's last speech (and from the start while nothing was said); zero never ends it on silence.</param>
/// <param name="StopKeys">Keys (0-9 * # A-D) that end it; '' none.</param>
/// <param name="Beep">Beep (the tone plan's beep) before recording starts.</param>
/// <param name="Transcribe">Run the free-speech recogniser over the file afterwards (its text in the result and a <c>transcripts</c> row).</param>
/// <param name="Language">The transcription's language.</param>
public sealed record RecordingOptions(
    TimeSpan MaxLength,
    TimeSpan Silence,
    string StopKeys = "#",
    bool Beep = true,
    bool Transcribe = false,
    string Language = "en-US")
{
    /// <summary>
    /// No recording runs longer than this, whatever a dialplan says: ten minutes of 8 kHz 16-bit
    /// mono is 9.6 MB, so a caller cannot fill the disk with one call.
    /// </summary>
    public static readonly TimeSpan ServerCap = TimeSpan.FromMinutes(10);

    /// <summary><see cref="MaxLength"/> bounded by <paramref name="cap"/> (the server's, <see cref="ServerCap"/> by default).</summary>
    public TimeSpan EffectiveMaxLength(TimeSpan? cap = null)
    {
        var limit = cap ?? ServerCap;
        return MaxLength <= TimeSpan.Zero || MaxLength > limit ? limit : MaxLength;
    }
}
