using System.CommandLine;
using System.CommandLine.Parsing;

namespace Telephony.Server.Cli;

/// <summary>
/// Words System.CommandLine's parse errors the way this CLI always has ("unknown option '--x'",
/// "--last needs a value", "--from applies to 'dialplan simulate' only"), so scripts and users
/// keep seeing the same messages.
/// </summary>
internal static class ParseErrors
{
    /// <summary>
    /// A word that looks like a flag but was taken as a FILE argument (System.CommandLine hands
    /// unknown "--x" to a command's arguments); such a command line is an unknown option.
    /// </summary>
    public static string? OptionTakenAsArgument(ParseResult result) =>
        result.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v.StartsWith('-'));

    public static string Describe(ParseResult result)
    {
        var command = result.CommandResult.Command;
        var path = PathOf(command);
        var stray = OptionTakenAsArgument(result);
        if (result.UnmatchedTokens.Count > 0 || stray is not null)
        {
            var token = stray ?? result.UnmatchedTokens[0];
            if (token.StartsWith('-') && token.Length > 1)
            {
                var name = token.Split('=', 2)[0];
                var owners = Siblings(command).Where(c => c.Options.Any(o => o.Name == name || o.Aliases.Contains(name))).Select(PathOf).ToList();
                return owners.Count > 0
                    ? $"{name} applies to {string.Join(" or ", owners.Select(o => $"'{o}'"))} only"
                    : $"unknown option '{name}'";
            }

            return command is RootCommand
                ? $"unknown command '{token}' (try 'telephony --help')"
                : command.Subcommands.Count > 0
                    ? $"unknown {path} subcommand '{token}' (try 'telephony {path} --help')"
                    : $"{path}: unexpected argument '{token}'";
        }

        foreach (var error in result.Errors)
        {
            if (error.SymbolResult is OptionResult { Tokens.Count: 0 } option)
            {
                return $"{option.Option.Name} needs a value";
            }
        }

        return result.Errors.Count > 0 ? result.Errors[0].Message : "invalid command line";
    }

    /// <summary>"dialplan simulate" for that command; empty for the root.</summary>
    public static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = s.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }

    private static IEnumerable<Command> Siblings(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent ? parent.Subcommands.Where(c => c != command) : [];
}
