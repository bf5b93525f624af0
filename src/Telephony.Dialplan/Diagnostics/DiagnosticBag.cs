namespace Telephony.Dialplan.Diagnostics;

/// <summary>
/// Collects every problem of one file, so an admin fixes a file in one pass instead of one
/// error per run. Not thread-safe: one bag per file being read.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<(SourceLocation, string)> _seen = [];

    public DiagnosticBag(string file)
    {
        File = file;
    }

    public string File { get; }

    public int Count => _items.Count;

    public void Error(SourceLocation at, string message)
    {
        // The same mistake reached by two paths (a block checked as a branch and as a step) is reported once.
        if (_seen.Add((at, message)))
        {
            _items.Add(new Diagnostic(File, at, message));
        }
    }

    /// <summary>The problems in file order (line, then column), stable for equal positions.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items.OrderBy(d => d.At.Line).ThenBy(d => d.At.Column)];
}
