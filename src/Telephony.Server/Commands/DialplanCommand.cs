using System.CommandLine;
using System.Globalization;
using Telephony.Dialplan;
using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Validation;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony dialplan validate|graph|simulate</c>: checks dialplans as the server would load them, draws them, runs a call through them.</summary>
internal static class DialplanCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "dialplan files (YAML), or folders: every *.yaml directly in one, as serve --dialplans reads it", Arity = ArgumentArity.ZeroOrMore };
        var prompts = Flags.Create("prompts", "DIR", "prompt WAV folder that prompt files must exist in (default ./prompts)");
        var noPromptCheck = Flags.Create("no-prompt-check", null, "do not check that prompt files exist");
        var validate = new Command("validate", """
            Check dialplan files (YAML IVR flows); errors as FILE:LINE:COL.
            Reads each dialplan as the server would and prints every problem as FILE:LINE:COL: error: MESSAGE (with a hint when one helps), then one summary line. Nothing else is printed when all files are valid. A folder stands for every *.yaml directly in it (what serve --dialplans serves). Files given together are also checked as one served folder (no number routed by two files, at most one file that takes every call).
            Exit status: 0 when every file is valid, 1 when any has errors, 2 when a file cannot be read or the command line is wrong.
            """) { files, prompts, noPromptCheck };
        validate.SetAction(r =>
        {
            var list = r.GetValue(files) ?? [];
            if (list.Length == 0)
            {
                throw new UsageException("dialplan validate needs at least one FILE");
            }

            return Validate(DialplanFiles.Expand(list), new DialplanOptions(Flags.Switch(r, noPromptCheck) ? null : Flags.Value(r, prompts) ?? "./prompts"));
        });

        var file = new Argument<string[]>("FILE") { Description = "one dialplan file", Arity = ArgumentArity.ZeroOrMore };
        var format = Flags.Create("format", "mermaid|dot", "graph output: mermaid (default) or dot");
        var graph = new Command("graph", """
            Draw a dialplan's flows (Mermaid or Graphviz dot).
            Prints the flows of a valid dialplan as a graph: one node per step, one labelled edge per way a step can end (choice, then/else, case, fallback). Prompt files are not checked; other errors are printed on standard error (exit 1; 2 when the file cannot be read).
            """) { file, format };
        graph.SetAction(r =>
        {
            var list = r.GetValue(file) ?? [];
            if (list.Length != 1)
            {
                throw new UsageException("dialplan graph takes exactly one FILE");
            }

            if (Directory.Exists(list[0]))
            {
                throw new UsageException($"{list[0]} is a folder; dialplan graph draws one dialplan FILE");
            }

            // A drawing is about structure: missing recordings do not stop it.
            return DialplanGraphCommand.Run(list[0], Flags.Value(r, format) ?? "mermaid", new DialplanOptions(null));
        });

        return new Command("dialplan", "Check, draw and simulate dialplans (dialplan validate|graph|simulate)") { validate, graph, DialplanSimulateCommand.Create() };
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
            ? string.Create(CultureInfo.InvariantCulture, $"{Counts.Of(files.Count, "file")} valid: {Counts.Of(flows, "flow")}, {Counts.Of(steps, "step")}")
            : string.Create(CultureInfo.InvariantCulture, $"{Counts.Of(errors, "error")} in {badFiles} of {Counts.Of(files.Count, "file")}"));
        return unreadable ? 2 : errors == 0 ? 0 : 1;
    }
}
