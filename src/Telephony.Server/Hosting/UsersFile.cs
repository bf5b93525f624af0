using Telephony.Server.Cli;

namespace Telephony.Server.Hosting;

/// <summary>
/// The SIP accounts file given to <c>--users</c>: one <c>user:password</c> per line, '#' starts
/// a comment. Mistakes are reported as FILE:LINE with what is wrong.
/// </summary>
internal static class UsersFile
{
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--users: cannot read {path}: {e.Message}");
        }

        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var user = colon > 0 ? line[..colon].Trim() : string.Empty;
            var password = colon > 0 ? line[(colon + 1)..] : string.Empty;
            if (user.Length == 0 || password.Length == 0 || !user.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+'))
            {
                throw new UsageException($"{path}:{i + 1}: expected 'user:password' (user of letters, digits, - _ . +)");
            }

            if (!users.TryAdd(user, password))
            {
                throw new UsageException($"{path}:{i + 1}: user '{user}' is listed twice");
            }
        }

        return users;
    }
}
