using Telephony.Dialplan;
using Telephony.Dialplan.Graph;
using Telephony.Server.Cli;

namespace Telephony.Server.Commands;

/// <summary><c>telephony dialplan graph FILE</c>: prints a valid dialplan as a Mermaid or DOT graph.</summary>
internal static class DialplanGraphCommand
{
    public static int Run(string file, string format, DialplanOptions options)
    {
        var graphFormat = format switch
        {
            "mermaid" => GraphFormat.Mermaid,
            "dot" => GraphFormat.Dot,
            _ => throw new UsageException($"--format must be mermaid or dot (got '{format}')"),
        };

        var result = DialplanLoader.LoadFile(file, options);
        if (result.Model is not { } model || !result.IsValid)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            return File.Exists(file) ? 1 : 2;
        }

        Console.Out.Write(GraphExporter.Export(model, graphFormat));
        return 0;
    }
}
