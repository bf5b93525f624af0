using System.Globalization;

namespace Telephony.Server.Hosting;

/// <summary>Timestamped log lines on standard error (standard output is for command results).</summary>
internal static class ConsoleLog
{
    public static void Write(string message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {message}"));
}
