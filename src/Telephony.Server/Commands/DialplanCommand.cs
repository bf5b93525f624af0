using System.Globalization;
using Telephony.Dialplan;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Validation;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony dialplan validate|graph|simulate</c>: checks dialplans as the server would load them, draws them, runs a call through them.</summary>
internal static class DialplanCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var line = CommandLine.Parse(args, ["--prompts", "--format", .. DialplanSimulateCommand.Flags], ["--no-prompt-check"]);
        if (line.Help || line.Positional.Count == 0)
        {
            Console.Out.Write(HelpText.Dialplan + Environment.NewLine);
            return line.Help ? 0 : 2;
        }

        var files = line.Positional.Skip(1).ToList();
        var options = new DialplanOptions(line.Has("--no-prompt-check") ? null : line.Get("--prompts", "./prompts"));
        if (line.Positional[0] == "validate" && line.Get("--format") is not null)
        {
            throw new UsageException("--format applies to 'dialplan graph' only");
        }

        if (line.Positional[0] is "graph" or "simulate" && (line.Get("--prompts") is not null || line.Has("--no-prompt-check")))
        {
            throw new UsageException("--prompts and --no-prompt-check apply to 'dialplan validate' only");
        }

        if (line.Positional[0] != "simulate" && DialplanSimulateCommand.Flags.FirstOrDefault(f => line.Get(f) is not null) is { } flag)
        {
            throw new UsageException($"{flag} applies to 'dialplan simulate' only");
        }

        if (line.Positional[0] == "simulate" && line.Get("--format") is not null)
        {
            throw new UsageException("--format applies to 'dialplan graph' only");
        }

        return line.Positional[0] switch
        {
            "validate" when files.Count > 0 => Validate(files, options),

            // A drawing is about structure: missing recordings do not stop it.
            "graph" when files.Count == 1 => DialplanGraphCommand.Run(files[0], line.Get("--format", "mermaid"), new DialplanOptions(null)),
            "simulate" => DialplanSimulateCommand.Run(files, line),
            "validate" => throw new UsageException("dialplan validate needs at least one FILE"),
            "graph" => throw new UsageException("dialplan graph takes exactly one FILE"),
            var other => throw new UsageException($"unknown dialplan subcommand '{other}' (try 'telephony dialplan --help')"),
        };
    }

    private static int Validate(List<string> files, DialplanOptions options)
    {
        var errors = 0;
        var badFiles = 0;
        var unreadable = false;
        var valid = new List<DialplanModel>();
        var flows = 0;
        var steps = 0;
        foreach (var file in files)
        {
            // Like 'sip lint', a file that is not there is the caller's mistake (exit 2), not the dialplan's.
            unreadable |= !File.Exists(file);
            var result = DialplanLoader.LoadFile(file, options);
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Out.WriteLine(diagnostic.ToString());
            }

            errors += result.Diagnostics.Count;
            badFiles += result.IsValid ? 0 : 1;
            if (result.Model is { } model)
            {
                valid.Add(model);
                flows += model.Flows.Count;
                steps += model.AllSteps.Count();
            }
        }

        // Files validated together are served together: they must not fight over calls.
        var conflicts = FolderChecker.Check(valid);
        foreach (var conflict in conflicts)
        {
            Console.Out.WriteLine(conflict.ToString());
        }

        errors += conflicts.Count;
        badFiles += conflicts.Select(c => c.File).Distinct().Count();

        Console.Out.WriteLine(errors == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Plural(files.Count, "file")} valid: {Plural(flows, "flow")}, {Plural(steps, "step")}")
            : string.Create(CultureInfo.InvariantCulture, $"{Plural(errors, "error")} in {badFiles} of {Plural(files.Count, "file")}"));
        return unreadable ? 2 : errors == 0 ? 0 : 1;
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
