using Telephony.Dialplan;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Serving;

namespace Telephony.Api.Dialplans;

/// <summary>The <c>*.yaml</c> files of the dialplans folder, checked with the same loader the server and <c>telephony dialplan validate</c> use.</summary>
/// <remarks>Reads the folder on each call (an admin request, not a call path), so it always shows what is on disk. Thread-safe.</remarks>
public sealed class DialplanFolderCatalog : IDialplanCatalog
{
    private readonly string _folder;
    private readonly DialplanOptions _options;

    /// <param name="folder">The dialplans folder.</param>
    /// <param name="promptsFolder">The prompts folder for file checks; null skips them.</param>
    public DialplanFolderCatalog(string folder, string? promptsFolder)
    {
        _folder = Path.GetFullPath(folder);
        _options = new DialplanOptions(promptsFolder);
    }

    public IReadOnlyList<DialplanEntry> List()
    {
        return [.. DialplanFolder.FilesIn(_folder)
            .Select(path =>
            {
                var result = DialplanLoader.LoadFile(path, _options);
                var file = Path.GetFileName(path);
                return result.Model is { } model && result.IsValid
                    ? new DialplanEntry(model.Name, file, [.. model.Flows.Keys], true)
                    : new DialplanEntry(Path.GetFileNameWithoutExtension(path), file, [], false);
            })];
    }

    public IReadOnlyList<DialplanProblem> Validate(string yaml)
    {
        // Named as if it were in the folder, so relative references (grammars) resolve as they will when it is saved there.
        var result = DialplanLoader.Parse(Path.Combine(_folder, "request.yaml"), yaml, _options);
        return [.. result.Diagnostics.Select(Problem)];
    }

    private static DialplanProblem Problem(Diagnostic d)
    {
        const string Marker = " (did you mean ";
        var at = d.Message.LastIndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && d.Message.EndsWith("?)", StringComparison.Ordinal)
            ? new DialplanProblem(d.At.Line, d.At.Column, d.Message[..at], "did you mean " + d.Message[(at + Marker.Length)..^1])
            : new DialplanProblem(d.At.Line, d.At.Column, d.Message, null);
    }
}
