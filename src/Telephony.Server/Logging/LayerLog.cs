using Microsoft.Extensions.Logging;

namespace Telephony.Server.Logging;

/// <summary>
/// The layers below log through <c>Action&lt;string&gt;</c>; this turns those lines into ILogger
/// events without changing their text. Category and level come from the line's own words
/// ("SECURITY ...", "trunk ...", "call ...", "dialplans: rejected ...", "error: ...") so shippers
/// can route and filter them; text mode prints exactly the line it got.
/// </summary>
internal sealed partial class LayerLog
{
    /// <summary>Line prefix → (category, level); the first match wins, so longer prefixes come first.</summary>
    private static readonly (string Prefix, string Category, LogLevel Level)[] Rules =
    [
        ("SECURITY ", "Telephony.Security", LogLevel.Warning),
        ("trunk ", "Telephony.Sip.Registration", LogLevel.Information),
        ("REGISTER ", "Telephony.Sip.Registration", LogLevel.Information),
        ("DNS: ", "Telephony.Sip", LogLevel.Warning),
        ("dropped ", "Telephony.Sip", LogLevel.Warning),
        ("no ACK ", "Telephony.Sip", LogLevel.Warning),
        ("error handling ", "Telephony.Sip", LogLevel.Error),
        ("redirect of ", "Telephony.Sip", LogLevel.Information),
        ("call ", "Telephony.Calls", LogLevel.Information),
        ("dialplans: rejected ", "Telephony.Dialplan", LogLevel.Warning),
        ("dialplans: not watching ", "Telephony.Dialplan", LogLevel.Warning),
        ("dialplan", "Telephony.Dialplan", LogLevel.Information),
        ("CDR write failed", "Telephony.Storage", LogLevel.Error),
        ("CDR ", "Telephony.Storage", LogLevel.Information),
        ("RTP port", "Telephony.Media", LogLevel.Warning),
        ("skipping prompt", "Telephony.Media", LogLevel.Warning),
        ("error", "Telephony.Server", LogLevel.Error),
        ("warning", "Telephony.Server", LogLevel.Warning),
    ];

    private readonly Dictionary<string, ILogger> _byCategory = new(StringComparer.Ordinal);
    private readonly ILogger _server;

    public LayerLog(ILoggerFactory loggers)
    {
        foreach (var category in Rules.Select(r => r.Category).Distinct())
        {
            _byCategory[category] = loggers.CreateLogger(category);
        }

        _server = _byCategory["Telephony.Server"];
    }

    /// <summary>The delegate handed to the layers.</summary>
    public void Write(string line)
    {
        foreach (var (prefix, category, level) in Rules)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                Line(_byCategory[category], level, line);
                return;
            }
        }

        // "telephony: error: ..." and the like keep their level; anything else is information.
        var inferred = line.Contains(": error", StringComparison.Ordinal) ? LogLevel.Error
            : line.Contains(": warning", StringComparison.Ordinal) ? LogLevel.Warning
            : LogLevel.Information;
        Line(_server, inferred, line);
    }

    [LoggerMessage(Message = "{Line}")]
    private static partial void Line(ILogger logger, LogLevel level, string line);
}
