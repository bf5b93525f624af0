namespace Telephony.Api.Dialplans;

/// <summary>One dialplan file.</summary>
/// <param name="Name">The <c>dialplan:</c> name (the file name without extension when it has none or is invalid).</param>
/// <param name="File">The file's name within the dialplans folder.</param>
/// <param name="Flows">Its flows' names (empty when the file is invalid).</param>
/// <param name="Valid">Whether the file as it is on disk now passes validation.</param>
public sealed record DialplanEntry(string Name, string File, IReadOnlyList<string> Flows, bool Valid);
