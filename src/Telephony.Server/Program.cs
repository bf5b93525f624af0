using Telephony.Server.Cli;
using Telephony.Server.Commands;

namespace Telephony.Server;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                [] or ["help" or "--help" or "-h", ..] => PrintHelp(),
                ["serve", .. var rest] => await ServeCommand.RunAsync(rest),
                ["cdr", .. var rest] => CdrCommand.Run(rest),
                ["sip", .. var rest] => SipCommand.Run(rest),
                ["dialplan", .. var rest] => DialplanCommand.Run(rest),
                _ => throw new UsageException($"unknown command '{args[0]}' (try 'telephony --help')"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("telephony: " + e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Environment problems (unwritable data folder, locked or corrupt database) are reported, not thrown.
            await Console.Error.WriteLineAsync("telephony: error: " + e.Message);
            return 1;
        }
    }

    private static int PrintHelp()
    {
        Console.Out.Write(HelpText.Main + Environment.NewLine);
        return 0;
    }
}
