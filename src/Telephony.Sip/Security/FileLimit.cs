using System.Globalization;

namespace Telephony.Sip.Security;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE soft limit), read once at start from
/// /proc/self/limits, and the connection cap that keeps well clear of it.
/// </summary>
/// <remarks>
/// Every TCP/TLS connection is a file descriptor; so are RTP sockets, the database, prompts being
/// read and the runtime's own. Running out makes accept, socket and open fail everywhere at once,
/// so connections get at most half of what is still free when the transports start.
/// </remarks>
public static class FileLimit
{
    /// <summary>Used when the limit cannot be read (not Linux): the usual default soft limit.</summary>
    public const int Assumed = 1024;

    /// <summary>The connection cap never goes above this, however high the limit.</summary>
    public const int MaxDefaultConnections = 4096;

    private static readonly Lazy<(int Soft, bool Known)> Read = new(ReadLimit);

    /// <summary>The soft open-file limit; <see cref="Assumed"/> when it could not be read.</summary>
    public static int Soft => Read.Value.Soft;

    /// <summary>Whether <see cref="Soft"/> was read from the system rather than assumed.</summary>
    public static bool Known => Read.Value.Known;

    private static readonly Lazy<int> InUseAtFirstUse = new(CountOpen);

    /// <summary>
    /// Descriptors already open when the default cap was first asked for (transports starting):
    /// the runtime, the database, the dialplan watcher and the RTP sockets take ~150 before any
    /// connection, so half the limit alone would leave nothing for them.
    /// </summary>
    public static int InUse => InUseAtFirstUse.Value;

    /// <summary>Half the descriptors still free at start, at least 16, at most 4096: the default for <c>--max-connections</c>.</summary>
    public static int DefaultMaxConnections => For(Soft, InUse);

    public static int For(int softLimit, int inUse) => (int)Math.Clamp(((long)softLimit - inUse) / 2, 16, MaxDefaultConnections);

    private static int CountOpen()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The soft limit from a /proc/PID/limits text ("Max open files  SOFT  HARD  files"); null when absent.</summary>
    public static int? Parse(string limits)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && fields[0] == "unlimited")
            {
                return int.MaxValue;
            }

            return fields.Length > 0 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
        }

        return null;
    }

    private static (int, bool) ReadLimit()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/self/limits")) is { } soft ? (soft, true) : (Assumed, false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Assumed, false);
        }
    }
}
