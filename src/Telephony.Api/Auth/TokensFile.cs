namespace Telephony.Api.Auth;

/// <summary>
/// Reads an API tokens file: one <c>role:token</c> per line (roles admin, supervisor, agent),
/// <c>#</c> comments and blank lines ignored. Every problem is reported as FILE:LINE: message, and
/// no message ever contains a token (they end up in logs).
/// </summary>
public static class TokensFile
{
    public static IReadOnlyList<ApiToken> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TokensFileException($"{path}: cannot read the API tokens file: {e.Message}", e);
        }

        return Parse(path, text);
    }

    /// <summary>Parses the text of a tokens file; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<ApiToken> Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<ApiToken>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new TokensFileException($"{path}:{number}: expected role:token (roles: admin, supervisor, agent)");
            }

            var roleName = line[..colon].Trim();
            var token = line[(colon + 1)..].Trim();
            var role = roleName.ToLowerInvariant() switch
            {
                "admin" => ApiRole.Admin,
                "supervisor" => ApiRole.Supervisor,
                "agent" => ApiRole.Agent,
                _ => throw new TokensFileException($"{path}:{number}: unknown role '{roleName}' (expected admin, supervisor or agent)"),
            };

            if (token.Length == 0)
            {
                throw new TokensFileException($"{path}:{number}: the {roleName} token is empty");
            }

            if (token.Any(char.IsWhiteSpace))
            {
                throw new TokensFileException($"{path}:{number}: a token cannot contain spaces");
            }

            if (seen.TryGetValue(token, out var first))
            {
                throw new TokensFileException($"{path}:{number}: this token is already given on line {first}; each token has one role");
            }

            seen[token] = number;
            tokens.Add(new ApiToken(role, token));
        }

        return tokens;
    }
}
