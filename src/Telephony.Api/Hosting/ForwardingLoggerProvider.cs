using Microsoft.Extensions.Logging;

namespace Telephony.Api.Hosting;

/// <summary>
/// Sends the API's logs to the server's logger factory while the API's own logging builder still
/// filters them (ASP.NET Core's per-request Information lines would drown the call logs).
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the server.
    }
}
