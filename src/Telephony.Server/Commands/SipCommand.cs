using Telephony.Calls.Screening;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony sip lint FILE...</c>: judges captured SIP messages as our UAS would.</summary>
internal static class SipCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse(args, [], []);
        if (line.Help || line.Positional.Count == 0)
        {
            Console.Out.Write(HelpText.Sip + Environment.NewLine);
            return line.Help ? 0 : 2;
        }

        if (line.Positional[0] != "lint")
        {
            throw new UsageException($"unknown sip subcommand '{line.Positional[0]}' (try 'telephony sip --help')");
        }

        if (line.Positional.Count == 1)
        {
            throw new UsageException("sip lint needs at least one FILE");
        }

        var worst = 0;
        foreach (var file in line.Positional.Skip(1))
        {
            LintResult result;
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
