using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Validation;

namespace Telephony.Dialplan.Serving;

/// <summary>
/// The dialplans a server serves: every <c>*.yaml</c> of a folder, validated, published as one
/// immutable snapshot. Edits take effect for new calls within a second: a FileSystemWatcher
/// triggers a rescan after a short debounce (editors write a file in several steps), and a scan
/// every <see cref="PollInterval"/> catches what the watcher misses (network and container
/// file systems). An invalid edit is rejected with its errors and the file's previous version
/// keeps serving; a call keeps the snapshot it started with (models are immutable).
/// </summary>
/// <remarks>Thread-safe: scans are serialised; <see cref="Current"/> is read lock-free.</remarks>
public sealed class DialplanFolder : IDisposable
{
    /// <summary>How long the watcher waits for a burst of writes to settle.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);

    /// <summary>The polling fallback's period.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _folder;
    private readonly DialplanOptions _options;
    private readonly Action<string> _log;
    private readonly Lock _scan = new();

    /// <summary>The model serving for each file (its last accepted text).</summary>
    private readonly Dictionary<string, DialplanModel> _served = new(StringComparer.Ordinal);

    /// <summary>Each file's text as last judged, accepted or not: a scan judges a file again when its text differs.</summary>
    private readonly Dictionary<string, string> _judged = new(StringComparer.Ordinal);

    /// <summary>Files valid alone but rejected for clashing with served files: judged again when the served set changes.</summary>
    private readonly HashSet<string> _clashing = new(StringComparer.Ordinal);

    /// <summary>Files whose text as last judged was rejected for its own errors (a missing prompt among them).</summary>
    private readonly HashSet<string> _rejected = new(StringComparer.Ordinal);
    private readonly PromptFolderWatch? _prompts;
    private readonly ITimer _poll;
    private readonly ITimer _debounce;
    private FileSystemWatcher? _watcher;
    private volatile IReadOnlyList<DialplanModel> _current = [];
    private int _version;

    public DialplanFolder(string folder, DialplanOptions options, TimeProvider time, Action<string> log)
    {
        _folder = Path.GetFullPath(folder);
        _options = options;
        _log = log;
        Scan();
        _debounce = time.CreateTimer(_ => Scan(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(_ => Scan(), null, PollInterval, PollInterval);
        _prompts = options.PromptsDirectory is { } prompts ? new PromptFolderWatch(prompts, () => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan)) : null;
        try
        {
            _watcher = new FileSystemWatcher(_folder, "*.yaml") { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += OnChange;
            _watcher.Created += OnChange;
            _watcher.Deleted += OnChange;
            _watcher.Renamed += OnChange;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify watches, or a folder that is not there yet: polling alone keeps up.
            _log($"dialplans: not watching {_folder} ({e.Message}); checking every {PollInterval.TotalMilliseconds} ms");
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>
    /// The dialplan files of <paramref name="folder"/> in the order they are judged: every
    /// <c>*.yaml</c> directly in it (not in subfolders), by ordinal name; empty when it is not there.
    /// serve, <c>dialplan validate DIR</c> and the API's dialplan list all read a folder this way.
    /// </summary>
    public static List<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)] : [];

    /// <summary>The dialplans serving new calls now; empty when none is valid.</summary>
    public IReadOnlyList<DialplanModel> Current => _current;

    /// <summary>Bumped each time the served set changes (tests and logs).</summary>
    public int Version => Volatile.Read(ref _version);

    public void Dispose()
    {
        _watcher?.Dispose();
        _prompts?.Dispose();
        _poll.Dispose();
        _debounce.Dispose();
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reloads files whose text changed since the last scan, then republishes the snapshot.</summary>
    public void Scan()
    {
        lock (_scan)
        {
            try
            {
                ScanLocked();
            }
#pragma warning disable CA1031 // A scan runs on a timer thread: a failure must be logged, and the served set stays as it was.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log($"dialplans: scanning {_folder} failed: {e.Message}; still serving the previous version");
            }
        }
    }

    private void ScanLocked()
    {
        var files = FilesIn(_folder);
        var changed = false;
        var judgedNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gone in _judged.Keys.Except(files).ToList())
        {
            changed |= _served.Remove(gone);
            _judged.Remove(gone);
            _clashing.Remove(gone);
            _rejected.Remove(gone);
            _log($"dialplans: {Path.GetFileName(gone)} removed");
        }

        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue; // Being written right now: the next scan reads it whole.
            }

            // The baseline is the text last judged, whatever the verdict: restoring the served
            // text after a rejected edit, or repeating a rejected edit after that, is a change too.
            if (_judged.TryGetValue(file, out var judged) && judged == text)
            {
                continue;
            }

            _judged[file] = text;
            judgedNow.Add(file);
            changed |= Judge(file, text);
        }

        if (_prompts?.Changed() == true)
        {
            changed |= JudgeAgainForPrompts(files.Where(f => _judged.ContainsKey(f) && !judgedNow.Contains(f) && !_clashing.Contains(f)));
        }

        if (changed)
        {
            AdmitClashingFiles();
            _current = [.. _served.Values];
            Interlocked.Increment(ref _version);
            _log(_current.Count == 0
                ? $"dialplans: no valid dialplan in {_folder}; calls get the server's built-in flow"
                : $"dialplans: serving {string.Join(", ", _current.Select(m => $"{m.Name} ({Path.GetFileName(m.File)})"))}");
        }
    }

    /// <summary>
    /// The recordings changed: judges again the files whose texts did not. A file rejected for
    /// its errors gets a new verdict, logged (it serves once its missing prompt is there); a file
    /// serving its text is logged only when a prompt it names has gone.
    /// </summary>
    private bool JudgeAgainForPrompts(IEnumerable<string> files)
    {
        var changed = false;
        foreach (var file in files)
        {
            changed |= Judge(file, _judged[file], quietAcceptance: !_rejected.Contains(file));
        }

        return changed;
    }

    /// <summary>
    /// Judges again, in name order, the files refused only for clashing with served files, now
    /// that those changed; repeats while one gets in, since its arrival can settle another.
    /// </summary>
    private void AdmitClashingFiles()
    {
        bool admitted;
        do
        {
            admitted = false;
            foreach (var file in _clashing.Order(StringComparer.Ordinal).ToList())
            {
                admitted |= Judge(file, _judged[file], quietRejection: true);
            }
        }
        while (admitted);
    }

    /// <summary>
    /// Validates one file's text alone, then against the other files served (the rules of
    /// <c>dialplan validate</c>, <see cref="FolderChecker"/>); logs the verdict and returns true
    /// when the file now serves. A rejected file's previous version, if any, keeps serving.
    /// </summary>
    /// <param name="quietRejection">Re-judging a file whose text did not change: its rejection was logged already.</param>
    /// <param name="quietAcceptance">Re-judging a file that serves this very text: accepted again is no news (nothing logged, nothing changes).</param>
    private bool Judge(string file, string text, bool quietRejection = false, bool quietAcceptance = false)
    {
        var result = DialplanLoader.Parse(file, text, _options);
        var problems = result.Diagnostics;
        var clashes = false;
        if (result.Model is { } model && result.IsValid)
        {
            problems = FolderChecker.CheckAgainst([.. _served.Where(s => s.Key != file).Select(s => s.Value)], model);
            clashes = problems.Count > 0;
            if (!clashes && quietAcceptance)
            {
                return false;
            }

            if (!clashes)
            {
                _rejected.Remove(file);
                var replaced = _served.ContainsKey(file);
                _served[file] = model;
                _clashing.Remove(file);
                _log($"dialplans: {(replaced ? "reloaded" : "loaded")} {Path.GetFileName(file)}: {Counts.Of(model.Flows.Count, "flow")}, {Counts.Of(model.AllSteps.Count(), "step")}");
                return true;
            }
        }

        if (clashes)
        {
            _clashing.Add(file);
            _rejected.Remove(file);
        }
        else
        {
            _clashing.Remove(file);
            _rejected.Add(file);
        }

        if (!quietRejection)
        {
            var keeps = _served.ContainsKey(file) ? "the previous version keeps serving" : "not served";
            _log($"dialplans: rejected {Path.GetFileName(file)} ({Counts.Of(problems.Count, "error")}; {keeps}):"
                 + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)));
        }

        return false;
    }
}
