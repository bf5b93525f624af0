using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text;

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

        var output = parseResult.InvocationConfiguration.Output;
        output.Write(Text(root, Width(output)));
        return 0;
    }

    /// <summary>
    /// The terminal's width, as System.CommandLine wraps a command's help; 100 columns when the
    /// help goes to a file or a pipe, so a pager or an editor does not break lines at column 0.
    /// </summary>
    private static int Width(TextWriter output)
    {
        const int Redirected = 100;
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return Redirected;
        }

        try
        {
            return Console.WindowWidth >= 40 ? Console.WindowWidth : Redirected;
        }
        catch (IOException)
        {
            return Redirected;
        }
    }

    public static string Text(RootCommand root, int width)
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
        var column = 2 + leaves.Max(l => l.Words.Length) + 2;
        var nl = Environment.NewLine;
        var commands = new StringBuilder();
        foreach (var (words, summary) in leaves)
        {
            var lines = Wrap(summary, width - column);
            commands.Append("  ").Append(words.PadRight(column - 2)).Append(lines[0]).Append(nl);
            foreach (var more in lines.Skip(1))
            {
                commands.Append(' ', column).Append(more).Append(nl);
            }
        }

        const string Settings = "serve, call, calls and hangup also read settings from the environment (TELEPHONY_SIP_PORT, TELEPHONY_SERVER, ...) " +
                                "and from a config file (--config FILE; default ./telephony.yaml when it exists); flags win, then the environment.";
        return CliDefinition.Title + nl + nl +
               "Usage: telephony <command> [options]" + nl + nl +
               "Commands:" + nl +
               commands + nl +
               string.Concat(Wrap("Run 'telephony <command> --help' for a command's options.", width).Select(l => l + nl)) +
               string.Concat(Wrap(Settings, width).Select(l => l + nl));
    }

    /// <summary>Words of <paramref name="text"/> in lines of at most <paramref name="width"/> characters (a longer word gets a line of its own).</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }
}
