using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Validation;

/// <summary>
/// Checks dialplans meant to be served together (the files of one folder): a called number is
/// claimed by one file only, and at most one file takes every call (the default). Without
/// these, which flow answers would depend on the order files are read in.
/// </summary>
/// <remarks>
/// One set of rules for <c>dialplan validate</c> and the served folder: when two files clash,
/// the one judged later is at fault. Validating files together judges them in name order; a
/// folder being served judges a new or changed file after the files it already serves, so
/// those keep their calls.
/// </remarks>
public static class FolderChecker
{
    /// <summary>Checks files served together, in name order: each clash is reported in the later-named file.</summary>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<DialplanModel> dialplans) =>
        Judge(dialplans.OrderBy(m => m.File, StringComparer.Ordinal));

    /// <summary>
    /// Checks <paramref name="candidate"/> (a new or changed file) against the files already
    /// <paramref name="served"/> (without its previous version): its clashes with them, reported in it.
    /// </summary>
    public static IReadOnlyList<Diagnostic> CheckAgainst(IReadOnlyList<DialplanModel> served, DialplanModel candidate) =>
        [.. Judge(served.OrderBy(m => m.File, StringComparer.Ordinal).Append(candidate)).Where(d => d.File == candidate.File)];

    /// <summary>The rules, applied in <paramref name="ordered"/>'s order: the first file to claim a number or every call keeps it.</summary>
    private static List<Diagnostic> Judge(IEnumerable<DialplanModel> ordered)
    {
        var diagnostics = new List<Diagnostic>();
        var owners = new Dictionary<string, (DialplanModel Model, Route Route)>(StringComparer.Ordinal);
        var reported = new HashSet<(DialplanModel, string)>();
        (DialplanModel Model, SourceLocation At)? fallback = null;
        foreach (var model in ordered)
        {
            foreach (var route in model.Routes)
            {
                foreach (var did in route.Did.Where(p => p.Regex is null).Select(p => p.Text).Distinct())
                {
                    if (owners.TryGetValue(did, out var owner) && owner.Model != model && reported.Add((model, did)))
                    {
                        diagnostics.Add(new Diagnostic(model.File, route.At, $"number '{did}' is also routed by {owner.Model.File}:{owner.Route.At.Line}; a number belongs to one dialplan"));
                    }
                    else
                    {
                        owners.TryAdd(did, (model, route));
                    }
                }
            }

            if (TakesEveryCall(model) is not { } at)
            {
                continue;
            }

            if (fallback is { } first)
            {
                diagnostics.Add(new Diagnostic(model.File, at, $"this dialplan takes every call, and so does {first.Model.File}:{first.At.Line}; only one file may be the default (give the others 'did:' routes)"));
            }
            else
            {
                fallback = (model, at);
            }
        }

        return diagnostics;
    }

    /// <summary>Where a dialplan takes calls unconditionally: its catch-all route, or its main flow when it has no routes.</summary>
    private static SourceLocation? TakesEveryCall(DialplanModel model)
    {
        if (model.Routes.Count == 0)
        {
            return model.Flows.TryGetValue("main", out var main) ? main.At : null;
        }

        return model.Routes.FirstOrDefault(r => r is { Did.Count: 0, Caller.Count: 0, Headers.Count: 0, Open: null, Closed: null, When: null })?.At;
    }
}
