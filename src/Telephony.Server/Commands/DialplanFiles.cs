using Telephony.Dialplan.Serving;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary>
/// The dialplan files a command line names: a folder stands for every <c>*.yaml</c> directly in
/// it, in the order <c>serve --dialplans</c> reads them (Dialplan/Serving/DialplanFolder), so
/// <c>dialplan validate dialplans</c> judges what the server would serve.
/// </summary>
internal static class DialplanFiles
{
    public static List<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var found = Directory.Exists(argument) ? DialplanFolder.FilesIn(argument) : [argument];
            if (found.Count == 0)
            {
                throw new UsageException($"{argument} has no *.yaml file; expected dialplan files, or a folder of them (every *.yaml directly in it, as serve --dialplans reads it)");
            }

            // A file named and also found in a named folder is one dialplan, not two that clash.
            files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))));
        }

        return files;
    }

}
