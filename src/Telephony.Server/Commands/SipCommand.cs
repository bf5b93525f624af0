using System.CommandLine;
using Telephony.Calls.Screening;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony sip lint FILE...</c>: judges captured SIP messages as our UAS would.</summary>
internal static class SipCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "captured SIP messages, one per file", Arity = ArgumentArity.ZeroOrMore };
        var lint = new Command("lint", """
            Judge captured SIP messages: valid or not, and what we answer.
            Reads each FILE as one SIP message (as captured from the wire, one datagram) and prints one line per file, tab-separated: FILE<TAB>valid|invalid<TAB>ANSWER<TAB>REASON. ANSWER is the status code this server's UAS sends for the message, or "drop" when it sends nothing (responses, ACKs, input it cannot answer). The message is judged as if it arrived out of the blue: no dialog or transaction exists.
            Exit status: 0 when every file is valid, 1 when any is invalid, 2 when a file cannot be read or the command line is wrong.
            """) { files };
        lint.SetAction(r => Run(r.GetValue(files) ?? []));
        return new Command("sip", "Judge captured SIP messages (sip lint)") { lint };
    }

    private static int Run(string[] files)
    {
        if (files.Length == 0)
        {
            throw new UsageException("sip lint needs at least one FILE");
        }

        var worst = 0;
        foreach (var file in files)
        {
            LintResult result;
            if (Directory.Exists(file))
            {
                Console.Error.WriteLine($"telephony: cannot read {file}: it is a folder; expected a file holding one captured SIP message");
                worst = 2;
                continue;
            }

            try
            {
                result = SipLinter.Lint(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"telephony: cannot read {file}: {e.Message}");
                worst = 2;
                continue;
            }

            Console.Out.WriteLine($"{file}\t{(result.Valid ? "valid" : "invalid")}\t{result.Answer}\t{OneLine(result.Reason)}");
            if (!result.Valid)
            {
                worst = Math.Max(worst, 1);
            }
        }

        return worst;
    }

    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
