namespace Telephony.Dialplan.Serving;

/// <summary>
/// Notices when the prompts folder's recordings change (one added, replaced or removed), so
/// the served folder can judge again the dialplans whose verdict depends on them: a dialplan
/// rejected for a missing prompt serves once the recording is copied in, and a serving one is
/// reported when a recording it names goes away.
/// </summary>
/// <remarks>
/// A FileSystemWatcher marks the folder dirty at once; without its event (network and
/// container file systems, or out of inotify watches) the folder is listed every
/// <see cref="ListEvery"/>-th check. Listing a large prompts folder costs milliseconds, so it is
/// not done on every half-second poll.
/// </remarks>
internal sealed class PromptFolderWatch : IDisposable
{
    public const int ListEvery = 10;

    private readonly string _folder;
    private readonly FileSystemWatcher? _watcher;
    private long _fingerprint;
    private int _checks;
    private volatile bool _dirty;

    public PromptFolderWatch(string folder, Action changed)
    {
        _folder = Path.GetFullPath(folder);
        _fingerprint = Fingerprint();
        try
        {
            _watcher = new FileSystemWatcher(_folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            FileSystemEventHandler mark = (_, _) =>
            {
                _dirty = true;
                changed();
            };
            _watcher.Changed += mark;
            _watcher.Created += mark;
            _watcher.Deleted += mark;
            _watcher.Renamed += (s, e) => mark(s, e);
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            _watcher?.Dispose();
            _watcher = null; // the periodic listing alone notices changes
        }
    }

    /// <summary>True once per change of the recordings since the last call that returned true.</summary>
    public bool Changed()
    {
        if (!_dirty && ++_checks % ListEvery != 0)
        {
            return false;
        }

        _dirty = false;
        var now = Fingerprint();
        if (now == _fingerprint)
        {
            return false;
        }

        _fingerprint = now;
        return true;
    }

    public void Dispose() => _watcher?.Dispose();

    /// <summary>Every recording's relative path, size and write time, folded into one number.</summary>
    private long Fingerprint()
    {
        try
        {
            if (!Directory.Exists(_folder))
            {
                return 0;
            }

            long sum = 0;
            foreach (var file in new DirectoryInfo(_folder).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                // Order-independent (a sum of per-file hashes): enumeration order is not guaranteed.
                sum += HashCode.Combine(string.GetHashCode(file.FullName, StringComparison.Ordinal), file.Length, file.LastWriteTimeUtc.Ticks);
            }

            return sum;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _fingerprint; // unreadable right now: no change noticed
        }
    }
}
