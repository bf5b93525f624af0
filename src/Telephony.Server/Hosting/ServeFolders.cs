using Telephony.Server.Config;

namespace Telephony.Server.Hosting;

/// <summary>
/// The folders <c>serve</c> reads and writes, checked before anything starts, so a mistyped path
/// stops the server with its flag named instead of serving calls that then fail one by one
/// (a missing --prompts left the demo dialplan unserved; --record to a file failed every call).
/// </summary>
/// <remarks>
/// The rule (documented in --help and the README): --prompts must exist, it is never created
/// (an empty folder would hide the typo); --data, --record and --dialplans are created when
/// missing, but only one level deep: a parent that does not exist is a typo too. --data and
/// --record must be writable. The defaults are relative to the working directory.
/// </remarks>
internal static class ServeFolders
{
    private const string Prompts = "must be an existing folder of prompt WAV files";
    private const string Writable = "must be a writable folder (created when missing if its parent folder exists)";
    private const string Created = "must be a folder (created when missing if its parent folder exists)";

    public static void Check(Settings line, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(options);
        var folders = new List<(string Key, string Path, string Rule)>
        {
            ("data", options.DataFolder, Writable),
            ("dialplans", options.DialplanFolder, Created),
            ("prompts", options.PromptFolder, Prompts),
        };
        if (options.RecordingFolder is { } record)
        {
            folders.Add(("record", record, Writable));
        }

        // Every mistake a look can find first, so a refused command line creates nothing. A folder
        // inside another that will be created (--dialplans DATA/dialplans) has its parent.
        var planned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, path, rule) in folders)
        {
            Look(line, key, path, rule, planned);
            if (rule != Prompts)
            {
                planned.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
            }
        }

        // Then create and try writing; a refusal takes back the folders this check created.
        var created = new List<string>();
        try
        {
            foreach (var (key, path, rule) in folders)
            {
                if (rule != Prompts && !Directory.Exists(path))
                {
                    Create(line, key, path, rule);
                    created.Add(path);
                }

                if (rule == Writable)
                {
                    ProbeWrite(line, key, path);
                }
            }
        }
        catch (Cli.UsageException)
        {
            foreach (var path in Enumerable.Reverse(created))
            {
                Directory.Delete(path);
            }

            throw;
        }
    }

    private static void Look(Settings line, string key, string path, string rule, HashSet<string> planned)
    {
        if (File.Exists(path))
        {
            throw line.Error(key, $"{rule}: {Name(line, key, path)} is a file");
        }

        if (Directory.Exists(path))
        {
            if (rule == Prompts)
            {
                try
                {
                    _ = Directory.EnumerateFileSystemEntries(path).FirstOrDefault();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw line.Error(key, $"{rule}: {Name(line, key, path)} cannot be read ({Reason(e)})");
                }
            }

            return;
        }

        if (rule == Prompts)
        {
            throw line.Error(key, $"{rule}: {Name(line, key, path)} does not exist");
        }

        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (parent is not null && !Directory.Exists(parent) && !planned.Contains(parent))
        {
            throw line.Error(key, $"{rule}: {Name(line, key, path)} does not exist, nor does {parent}");
        }
    }

    private static void Create(Settings line, string key, string path, string rule)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw line.Error(key, $"{rule}: {Name(line, key, path)} cannot be created ({Reason(e)})");
        }
    }

    /// <summary>Writes and removes a file: permissions, read-only mounts and pseudo file systems (/proc) all show here.</summary>
    private static void ProbeWrite(Settings line, string key, string path)
    {
        var probe = Path.Combine(path, $".telephony-write-check-{Environment.ProcessId}");
        try
        {
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            file.WriteByte(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw line.Error(key, $"{Writable}: {Name(line, key, path)} is not writable ({Reason(e)})");
        }
    }

    /// <summary>The path as given; a relative one also as the full path it means here, and a default said to be one.</summary>
    private static string Name(Settings line, string key, string path)
    {
        var notes = new List<string>();
        if (!line.Has(key))
        {
            notes.Add("the default");
        }

        if (!Path.IsPathRooted(path))
        {
            notes.Add(Path.GetFullPath(path));
        }

        return notes.Count == 0 ? path : $"{path} ({string.Join(", ", notes)})";
    }

    /// <summary>What the system said, without .NET's wording of it ("Access to the path '...' is denied.").</summary>
    /// <remarks>Pseudo file systems answer ENOENT for a name they cannot hold, which .NET words as "Could not find file": misleading here.</remarks>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        FileNotFoundException or DirectoryNotFoundException => "the file system refuses new entries there",
        _ => e.Message.TrimEnd('.'),
    };
}
