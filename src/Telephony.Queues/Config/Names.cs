namespace Telephony.Queues.Config;

/// <summary>Names of queues and agents: what the CLI, the API and <c>queue:NAME</c> in a dialplan can carry without quoting.</summary>
internal static class Names
{
    public const string Rule = "1 to 64 letters, digits, '.', '-' and '_'";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
