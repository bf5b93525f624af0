using System.CommandLine;
using Telephony.Server.Cli;
using Telephony.Server.Commands.Api;

namespace Telephony.Server;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return await RunAsync(args, Console.Out, Console.Error);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("telephony: " + e.Message);
            return 2;
        }
        catch (ApiException e)
        {
            await Console.Error.WriteLineAsync("telephony: " + e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Environment problems (unwritable data folder, locked or corrupt database) are reported, not thrown.
            await Console.Error.WriteLineAsync("telephony: error: " + e.Message);
            return 1;
        }
    }

    /// <summary>Parses and runs one command line; usage errors come back as <see cref="UsageException"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        // 'telephony' and 'telephony help' show the main help, as they always did; 'help serve' that of serve.
        args = args switch
        {
            [] => ["--help"],
            ["help", .. var rest] => [.. rest, "--help"],
            _ => args,
        };

        var root = CliDefinition.Create();
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // Exceptions reach Main's handlers; SIGINT/SIGTERM belong to the Generic Host under 'serve'.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        if (result.Action is System.CommandLine.Invocation.ParseErrorAction || (result.Errors.Count > 0 && result.Action is null)
            || (ParseErrors.OptionTakenAsArgument(result) is not null && result.CommandResult.Command.TreatUnmatchedTokensAsErrors))
        {
            // A group ('telephony cdr') without its subcommand shows its help, exit 2, as before.
            var command = result.CommandResult.Command;
            if (result.UnmatchedTokens.Count == 0 && command.Subcommands.Count > 0 && command.Action is null && result.Errors.All(e => e.SymbolResult is not System.CommandLine.Parsing.OptionResult))
            {
                root.Parse([.. ParseErrors.PathOf(command).Split(' '), "--help"]).Invoke(invocation);
                return 2;
            }

            throw new UsageException(ParseErrors.Describe(result));
        }

        return await result.InvokeAsync(invocation);
    }
}
