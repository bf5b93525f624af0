using System.CommandLine;
using System.CommandLine.Invocation;

namespace Telephony.Server.Cli;

/// <summary>
/// The top-level --help lists every leaf command with its words ("cdr list", "dialplan simulate"),
/// generated from the declarations; a command's own --help is System.CommandLine's.
/// </summary>
internal sealed class MainHelpAction : SynchronousCommandLineAction
{
    private readonly CommandLineAction _commandHelp;

    public MainHelpAction(CommandLineAction commandHelp)
    {
        _commandHelp = commandHelp;
    }

    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command is not RootCommand root)
        {
            return _commandHelp is SynchronousCommandLineAction sync ? sync.Invoke(parseResult) : 0;
        }

        parseResult.InvocationConfiguration.Output.Write(Text(root));
        return 0;
    }

    public static string Text(RootCommand root)
    {
        var leaves = new List<(string Words, string Summary)>();
        void Walk(Command command, string prefix)
        {
            foreach (var sub in command.Subcommands)
            {
                var words = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
                if (sub.Subcommands.Count == 0)
                {
                    leaves.Add((words, (sub.Description ?? string.Empty).Split('\n')[0].Trim()));
                }

                Walk(sub, words);
            }
        }

        Walk(root, string.Empty);
        leaves.Add(("help", "Show this help"));
        var width = leaves.Max(l => l.Words.Length) + 2;
        var nl = Environment.NewLine;
        return CliDefinition.Title + nl + nl +
               "Usage: telephony <command> [options]" + nl + nl +
               "Commands:" + nl +
               string.Concat(leaves.Select(l => "  " + l.Words.PadRight(width) + l.Summary + nl)) + nl +
               "Run 'telephony <command> --help' for a command's options." + nl +
               "serve, call, calls and hangup also read settings from the environment (TELEPHONY_SIP_PORT, TELEPHONY_SERVER, ...)" + nl +
               "and from a config file (--config FILE; default ./telephony.yaml when it exists); flags win, then the environment." + nl;
    }
}
