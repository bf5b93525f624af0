using System.CommandLine;
using Telephony.Dialplan;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Simulation;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary>
/// <c>telephony dialplan simulate FILE... --from NUM --to NUM --input "..."</c>: one call through
/// the dialplans with the real runtime, printed as a transcript.
/// </summary>
internal static class DialplanSimulateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "dialplan files, or folders (every *.yaml directly in one), routed as the server routes them", Arity = ArgumentArity.ZeroOrMore };
        var from = Flags.Create("from", "NUM", "the caller's number (default anonymous)");
        var to = Flags.Create("to", "NUM", "the called number (default none)");
        var input = Flags.Create("input", "TEXT", "what the caller does, in order, separated by spaces: keys (1 2 # or 12#), say:some words (speech, up to the next input; quote words that look like keys: say:'route 66'), wait:5s (silence; reaching a timeout makes it expire), hangup, transfer:ok|fail (how the next transfer goes; default ok). When the inputs run out the caller is silent.");
        var at = Flags.Create("at", "TIME", "the call's time, e.g. 2026-12-25T10:00, read in the first dialplan's timezone unless it has an offset (default now)");
        var header = Flags.Repeated("header", "'Name: value'", "a header of the INVITE (for routes and header()); may be repeated");
        var variable = Flags.Repeated("var", "NAME=VALUE", "replaces a variable of the dialplan's variables: (e.g. a webhook base URL), or language/voice; a name no dialplan declares is refused; may be repeated");
        var simulate = new Command("simulate", """
            Run one call through dialplans and print it as a transcript.
            Runs one call through the dialplans (routed as the server routes it) with the real runtime and prints it as a transcript: steps entered, prompts played (file or TTS text), inputs consumed, variables set, webhook calls (made for real), and the final outcome. Time is simulated: waits and timeouts cost nothing.
            Exit status: 0 when a route took the call, 1 when the dialplan is invalid or no route takes the call, 2 on a usage error.
            """) { files, from, to, input, at, header, variable };
        simulate.SetAction(r => Run(
            r.GetValue(files) ?? [],
            new Request(Flags.Value(r, from), Flags.Value(r, to), Flags.Value(r, input), Flags.Value(r, at), r.GetValue(header) ?? [], r.GetValue(variable) ?? [])));
        return simulate;
    }

    /// <summary>What the command line asks of the simulation.</summary>
    private sealed record Request(string? From, string? To, string? Input, string? At, string[] Headers, string[] Variables);

    private static int Run(string[] arguments, Request line)
    {
        if (arguments.Length == 0)
        {
            throw new UsageException("dialplan simulate needs at least one FILE");
        }

        var inputs = Parse(() => SimulatedInput.Parse(line.Input ?? string.Empty));

        // Checked before any file is read (the zone is the first dialplan's, so it is read again below).
        _ = line.At is { } early ? At(early, TimeZoneInfo.Utc) : default;
        var headers = Pairs(line.Headers, ':', "--header takes 'Name: value'");
        var variables = Pairs(line.Variables, '=', "--var takes NAME=VALUE");

        var files = DialplanFiles.Expand(arguments);

        // The simulator plays no audio: missing prompt files do not stop it (validate reports them).
        var models = new List<DialplanModel>();
        var unreadable = false;
        foreach (var file in files)
        {
            unreadable |= !File.Exists(file);
            var result = DialplanLoader.LoadFile(file, new DialplanOptions(null));
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            if (result.Model is { } model && result.IsValid)
            {
                models.Add(model);
            }
        }

        if (models.Count < files.Count)
        {
            return unreadable ? 2 : 1;
        }

        CheckDeclared(variables.Keys, models);
        var at = line.At is { } text
            ? At(text, models[0].TimeZone)
            : TimeProvider.System.GetUtcNow();
        var request = new SimulationRequest(line.From ?? "anonymous", line.To ?? string.Empty, inputs, at, headers, variables);
        using var http = new HttpClient();
        var simulation = DialplanSimulator.RunAsync(models, request, http, Console.Out.WriteLine).GetAwaiter().GetResult();
        return simulation.Result is null ? 1 : 0;
    }

    /// <summary>A --var must replace something: a misspelt name would silently add a variable nothing reads.</summary>
    private static void CheckDeclared(IEnumerable<string> names, List<DialplanModel> models)
    {
        var declared = models.SelectMany(m => m.Variables.Keys).Concat(Dialplan.Expressions.BuiltinVariables.Settable.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (!declared.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"--var {name}: the dialplans declare no variable '{name}'{Dialplan.Diagnostics.Hints.Suggest(name, declared)}");
            }
        }
    }

    private static DateTimeOffset At(string text, TimeZoneInfo zone)
    {
        try
        {
            return DialplanSimulator.ParseTime(text, zone);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // ArgumentException: a date so close to year 1 or 9999 that its offset leaves the calendar.
            throw new UsageException($"--at: '{text}' is not a date and time; expected ISO 8601 like 2026-12-02T10:00 or 2026-12-02T10:00+01:00");
        }
    }

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static Dictionary<string, string> Pairs(IReadOnlyList<string> values, char separator, string usage)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var at = value.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new UsageException(usage);
            }

            pairs[value[..at].Trim()] = value[(at + 1)..].Trim();
        }

        return pairs;
    }
}
