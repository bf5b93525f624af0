using Microsoft.Extensions.Logging;

namespace Telephony.Server.Logging;

/// <summary>
/// The layers below log through <c>Action&lt;string&gt;</c>; this turns those lines into ILogger
/// events. The level comes from the line's own prefix ("error: ...", "warning: ...", "SECURITY ..."),
/// and SECURITY lines get their own category so shippers can route them; the text is not changed.
/// </summary>
internal sealed partial class LayerLog
{
    private readonly ILogger _server;
    private readonly ILogger _security;

    public LayerLog(ILoggerFactory loggers)
    {
        _server = loggers.CreateLogger("Telephony.Server");
        _security = loggers.CreateLogger("Telephony.Security");
    }

    /// <summary>The delegate handed to the layers.</summary>
    public void Write(string line)
    {
        if (line.StartsWith("SECURITY ", StringComparison.Ordinal))
        {
            Security(_security, line);
        }
        else if (line.StartsWith("error", StringComparison.Ordinal) || line.Contains(": error", StringComparison.Ordinal))
        {
            Error(_server, line);
        }
        else if (line.StartsWith("warning", StringComparison.Ordinal) || line.Contains(": warning", StringComparison.Ordinal))
        {
            Warning(_server, line);
        }
        else
        {
            Info(_server, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void Security(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Line}")]
    private static partial void Error(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void Warning(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void Info(ILogger logger, string line);
}
