using System.CommandLine;
using System.Globalization;
using Telephony.Dialplan.Diagnostics;
using Telephony.Queues.Config;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony queue validate</c>: checks a queues file (queues and the agents who answer them) before it is served.</summary>
internal static class QueueCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "queues files (YAML with queues: and agents: lists)", Arity = ArgumentArity.ZeroOrMore };
        var validate = new Command("validate", """
            Check queues files (queues and agents, YAML); errors as FILE:LINE:COL.
            Prints every problem as FILE:LINE:COL: error: MESSAGE (with a hint when one helps), then one summary line per file: 'FILE valid: N queues, N agents' or 'N errors in FILE'. Exit status: 0 when every file is valid, 1 when any has errors, 2 when a file cannot be read or the command line is wrong.
            """) { files };
        validate.SetAction(r =>
        {
            var list = r.GetValue(files) ?? [];
            if (list.Length == 0)
            {
                throw new UsageException("queue validate needs at least one FILE");
            }

            return Validate(list);
        });

        return new Command("queue", "Agent queues (queue validate)") { validate };
    }

    private static int Validate(string[] files)
    {
        var status = 0;
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"telephony: cannot read {file}: {e.Message}");
                status = 2;
                continue;
            }

            var (config, errors) = QueuesFile.Parse(file, text);
            foreach (var error in errors)
            {
                Console.Out.WriteLine(error);
            }

            Console.Out.WriteLine(errors.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{file} valid: {Counts.Of(config.Queues.Count, "queue")}, {Counts.Of(config.Agents.Count, "agent")}")
                : string.Create(CultureInfo.InvariantCulture, $"{Counts.Of(errors.Count, "error")} in {file}"));
            status = Math.Max(status, errors.Count == 0 ? 0 : 1);
        }

        return status;
    }
}
