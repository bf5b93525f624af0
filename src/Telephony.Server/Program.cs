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
                _ => throw new UsageException($"unknown command '{args[0]}' (try 'telephony --help')"),
            };
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync("telephony: " + e.Message);
            return 2;
        }
    }

    private static int PrintHelp()
    {
        Console.Out.Write(HelpText.Main + Environment.NewLine);
        return 0;
    }
}
