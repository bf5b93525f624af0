using Telephony.Server.Cli;

namespace Telephony.Server.Hosting;

/// <summary>
/// The SIP accounts file given to <c>--users</c>: one <c>user:password</c> per line, exactly as
/// the phone sends them; a line starting with '#' is a comment, blank lines are skipped.
/// Every mistake in the file is reported at once, each as FILE:LINE:COL with what is wrong
/// (the same form as the trunks file), so an admin fixes the file in one go.
/// </summary>
/// <remarks>
/// Spaces are never trimmed: a user name cannot hold one (a phone could not send it), and a
/// password that starts or ends with one is almost always a typo nobody can see; both are
/// refused, not silently repaired (the phone would then fail with a password the file shows).
/// A password may contain any other character, ':' and '#' included.
/// </remarks>
internal static class UsersFile
{
    private static readonly System.Buffers.SearchValues<char> UserCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.+");

    private const string Format = "expected 'user:password' (user of letters, digits, - _ . +)";

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

        var (users, errors) = Parse(path, lines);
        if (errors.Count == 0 && users.Count == 0)
        {
            errors.Add($"{path}:1:1: error: no accounts; {Format}, one per line ('#' starts a comment line)");
        }

        if (errors.Count > 0)
        {
            throw new UsageException("invalid users file:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return users;
    }

    internal static (Dictionary<string, string> Users, List<string> Errors) Parse(string path, IReadOnlyList<string> lines)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        void Error(int line, int column, string message) => errors.Add($"{path}:{line}:{column}: error: {message}");

        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i];
            var number = i + 1;
            var start = text.Length - text.TrimStart().Length;
            if (text.Trim().Length == 0 || text[start] == '#')
            {
                continue;
            }

            if (start > 0)
            {
                Error(number, 1, $"the line starts with a space; {Format}");
                continue;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                Error(number, colon == 0 ? 1 : text.Length + 1, colon == 0 ? $"no user before ':'; {Format}" : $"no ':' between user and password; {Format}");
                continue;
            }

            var user = text[..colon];
            var password = text[(colon + 1)..];
            var bad = user.AsSpan().IndexOfAnyExcept(UserCharacters);
            if (bad >= 0)
            {
                var what = char.IsWhiteSpace(user[bad]) ? "a space" : $"'{user[bad]}'";
                Error(number, bad + 1, $"user '{user.Trim()}' has {what}; {Format}");
                continue;
            }

            if (password.Length == 0)
            {
                Error(number, colon + 2, $"user '{user}' has no password; {Format}");
                continue;
            }

            if (char.IsWhiteSpace(password[0]) || char.IsWhiteSpace(password[^1]))
            {
                var column = char.IsWhiteSpace(password[0]) ? colon + 2 : text.Length;
                Error(number, column, $"the password of '{user}' {(char.IsWhiteSpace(password[0]) ? "starts" : "ends")} with a space; remove it (passwords are used exactly as written)");
                continue;
            }

            if (!users.TryAdd(user, password))
            {
                Error(number, 1, $"user '{user}' is listed twice (first at line {firstLine[user]})");
                continue;
            }

            firstLine[user] = number;
        }

        return (users, errors);
    }
}
