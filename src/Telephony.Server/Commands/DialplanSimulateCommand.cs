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
    /// <summary>Flags only this subcommand takes.</summary>
    public static readonly string[] Flags = ["--from", "--to", "--input", "--at", "--header", "--var"];

    public static int Run(IReadOnlyList<string> files, CommandLine line)
    {
        if (files.Count == 0)
        {
            throw new UsageException("dialplan simulate needs at least one FILE");
        }

        var inputs = Parse(() => SimulatedInput.Parse(line.Get("--input", string.Empty)));
        var headers = Pairs(line.GetAll("--header"), ':', "--header takes 'Name: value'");
        var variables = Pairs(line.GetAll("--var"), '=', "--var takes NAME=VALUE");

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

        var at = line.Get("--at") is { } text
            ? Parse(() => DialplanSimulator.ParseTime(text, models[0].TimeZone))
            : TimeProvider.System.GetUtcNow();
        var request = new SimulationRequest(line.Get("--from", "anonymous"), line.Get("--to", string.Empty), inputs, at, headers, variables);
        using var http = new HttpClient();
        var simulation = DialplanSimulator.RunAsync(models, request, http, Console.Out.WriteLine).GetAwaiter().GetResult();
        return simulation.Result is null ? 1 : 0;
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
