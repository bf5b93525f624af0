using Microsoft.Extensions.Logging;

namespace Telephony.Server.Logging;

/// <summary>
/// An <see cref="ILoggerProvider"/> writing every event through one <see cref="LogLineWriter"/>,
/// synchronously: a line is on standard error before the call returns, as the server's log always
/// was (a crash loses nothing, and tests and fail2ban see lines in order).
/// </summary>
internal sealed class LineLoggerProvider : ILoggerProvider
{
    private readonly LogLineWriter _writer;

    public LineLoggerProvider(LogLineWriter writer)
    {
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => new LineLogger(_writer, categoryName);

    public void Dispose()
    {
        // Nothing buffered: every line is written when logged.
    }

    private sealed class LineLogger(LogLineWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            writer.Write(logLevel, category, exception is null ? message : message + ": " + exception.Message);
        }
    }
}
