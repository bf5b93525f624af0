using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Telephony.Server.Hosting;

namespace Telephony.Server.Logging;

/// <summary>
/// Formats one log event as one line on standard error (standard output is for command results).
/// Text is "TIMESTAMP MESSAGE", exactly the lines the server always wrote: fail2ban filters match
/// the SECURITY lines byte for byte (docs/security.md). JSON is one object per line for shippers.
/// </summary>
internal sealed class LogLineWriter
{
    private readonly LogFormat _format;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    public LogLineWriter(LogFormat format, TextWriter output, TimeProvider time)
    {
        _format = format;
        _output = output;
        _time = time;
    }

    public void Write(LogLevel level, string category, string message)
    {
        var now = _time.GetUtcNow();
        var line = _format == LogFormat.Json ? Json(now, level, category, message) : Text(now, message);
        lock (_lock)
        {
            _output.WriteLine(line);
        }
    }

    public static string Text(DateTimeOffset at, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {message}");

    public static string Json(DateTimeOffset at, LogLevel level, string category, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("level", LevelName(level));
            w.WriteString("category", category);
            w.WriteString("message", message);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "none",
    };
}
