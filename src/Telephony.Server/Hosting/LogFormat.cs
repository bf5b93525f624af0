namespace Telephony.Server.Hosting;

/// <summary>How <c>serve</c> writes its log on standard error (<c>--log-format</c>).</summary>
internal enum LogFormat
{
    /// <summary>One timestamped line per event, as the server always wrote them (fail2ban reads these).</summary>
    Text,

    /// <summary>One JSON object per line: timestamp, level, category, message.</summary>
    Json,
}
