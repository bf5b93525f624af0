using System.CommandLine;
using System.CommandLine.Help;
using Telephony.Server.Commands;

namespace Telephony.Server.Cli;

/// <summary>
/// Every command of the CLI, declared once: parsing, validation, each --help and shell completion
/// (System.CommandLine's [suggest] directive) all come from this tree.
/// </summary>
internal static class CliDefinition
{
    public const string Title = "telephony - IVR and outbound-robot engine on SIP/RTP";

    public static RootCommand Create()
    {
        var root = new RootCommand(Title)
        {
            ServeCommand.Create(),
            CdrCommand.Create(),
            SipCommand.Create(),
            DialplanCommand.Create(),
            QueueCommand.Create(),
            AgentCommand.Create(),
            CallCommand.Create(),
            CallsCommand.Create(),
            HangupCommand.Create(),
            AsrCommand.Create(),
            TtsCommand.Create(),
            PromptsCommand.Create(),
            TestCommand(),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new MainHelpAction(help.Action!);
        return root;
    }

    /// <summary>
    /// <c>telephony test</c> lives in the ./telephony script (it installs tools and builds first);
    /// declared here so the help lists it and the binary says where to find it.
    /// </summary>
    private static Command TestCommand()
    {
        var test = new Command("test", """
            Install test tools, build, run every test.
            Run by the ./telephony script, not this binary: it installs the Debian packages the tests need, builds, runs every test and ends with "N passed, N failed"; dotnet test arguments may follow (./telephony test --filter Sip).
            """)
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        test.SetAction(_ =>
        {
            Console.Error.WriteLine("telephony: 'test' is run by the ./telephony script: ./telephony test [dotnet test arguments]");
            return 2;
        });
        return test;
    }
}
