using System.CommandLine;
using System.CommandLine.Parsing;
using Telephony.Server.Config;

namespace Telephony.Server.Cli;

/// <summary>Turns <see cref="Setting"/> declarations into System.CommandLine options and reads back what was given.</summary>
internal static class Flags
{
    /// <summary>A flag that takes a value (<c>--last N</c>) or, without <paramref name="helpName"/>, a switch (<c>--json</c>).</summary>
    /// <remarks>Given twice, the last value wins (as it always did): one value per occurrence, read from the tokens.</remarks>
    public static Option Create(string name, string? helpName, string description) =>
        helpName is null
            ? new Option<bool>("--" + name) { Description = description, Arity = ArgumentArity.Zero }
            : new Option<string[]>("--" + name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    public static Option Create(Setting setting) => Create(setting.Name, setting.HelpName, setting.Description);

    /// <summary>A flag that may be repeated (<c>--var A=1 --var B=2</c>); one value per occurrence.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description) =>
        new("--" + name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };

    /// <summary>The flags among <paramref name="options"/> that were given, by name without dashes ("true" for a switch).</summary>
    public static Dictionary<string, string> Given(ParseResult result, IEnumerable<Option> options)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (result.GetResult(option) is not OptionResult { Implicit: false } found)
            {
                continue;
            }

            var name = option.Name.TrimStart('-');
            given[name] = option.Arity.MaximumNumberOfValues == 0 ? "true" : found.Tokens.Count > 0 ? found.Tokens[^1].Value : string.Empty;
        }

        return given;
    }

    /// <summary>The value of a flag that takes one, or null when it was not given.</summary>
    public static string? Value(ParseResult result, Option option) =>
        result.GetResult(option) is OptionResult { Implicit: false, Tokens.Count: > 0 } found ? found.Tokens[^1].Value : null;

    public static bool Switch(ParseResult result, Option option) => result.GetResult(option) is OptionResult { Implicit: false };
}
