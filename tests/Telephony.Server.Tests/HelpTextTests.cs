using System.Text.Json;
using Telephony.Calls.Cdr;
using Telephony.Server.Cli;
using Telephony.Server.Commands;

namespace Telephony.Server.Tests;

/// <summary>What --help says: every command listed, lines wrapped under their column, and descriptions true to the code.</summary>
public class HelpTextTests
{
    private static string Help(params string[] command)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.RunAsync([.. command, "--help"], output, error).GetAwaiter().GetResult();
        Assert.That(code, Is.Zero, error.ToString());
        return output.ToString();
    }

    [TestCase(60)]
    [TestCase(80)]
    [TestCase(200)]
    public void The_main_help_wraps_each_summary_under_the_summary_column(int width)
    {
        var text = MainHelpAction.Text(CliDefinition.Create(), width);

        var lines = text.Split(Environment.NewLine);
        var commands = lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        var column = commands[0].IndexOf("Run the engine", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.All.Length.LessThanOrEqualTo(width));
            foreach (var line in commands)
            {
                // A command's line has its words at column 2; a continuation starts at the summary column.
                Assert.That(line[..2] == "  " && (line[2] != ' ' || (line[..column].Trim().Length == 0 && line[column] != ' ')), Is.True, $"'{line}'");
            }

            foreach (var words in new[] { "serve", "cdr list", "sip lint", "dialplan validate", "dialplan graph", "dialplan simulate", "call", "calls", "hangup", "test", "help" })
            {
                Assert.That(commands, Has.One.StartsWith("  " + words.PadRight(column - 2)), words);
            }
        });
    }

    [Test]
    public void The_main_help_of_a_redirected_output_fits_100_columns()
    {
        Assert.That(Help().Split(Environment.NewLine), Has.All.Length.LessThanOrEqualTo(100));
    }

    [Test]
    public void Serve_help_says_dialplans_serve_calls_and_the_demo_flow_only_stands_in()
    {
        var help = Help("serve");

        Assert.Multiple(() =>
        {
            Assert.That(help, Does.Not.Contain("(or the built-in demo flow) on each"));
            Assert.That(help, Does.Contain("routed to a flow of the dialplans in --dialplans").And.Contain("404").And
                .Contain("only while no dialplan in the folder is valid"));
        });
    }

    [Test]
    public void Serve_help_says_which_folders_must_exist_and_which_are_created()
    {
        var help = Help("serve");

        Assert.That(help, Does.Contain("--prompts must exist").And.Contain("--data, --record and --dialplans are created when missing if their parent folder exists"));
    }

    [Test]
    public void Cdr_list_help_names_every_json_key_and_the_table_columns()
    {
        var help = Help("cdr", "list");
        var record = new CallDetailRecord("c", "a", "b", DateTimeOffset.UnixEpoch, null, DateTimeOffset.UnixEpoch, "caller", "BYE", 200, string.Empty, "PCMU");
        var keys = JsonDocument.Parse(CdrCommand.ToJson(record)).RootElement.EnumerateObject().Select(p => p.Name).ToList();

        Assert.Multiple(() =>
        {
            foreach (var key in keys)
            {
                Assert.That(help, Does.Contain(key), key);
            }

            Assert.That(help, Does.Contain("FLOW (the dialplan flow that served the call and how it ended"));
            Assert.That(help, Does.Contain("never created"));
        });
    }
}
