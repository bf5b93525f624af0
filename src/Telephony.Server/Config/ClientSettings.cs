namespace Telephony.Server.Config;

/// <summary>The options of the commands that drive a running server over its HTTP API.</summary>
internal static class ClientSettings
{
    public static readonly Setting Server = new("server", "URL", "the server's HTTP API (default http://127.0.0.1:8080)");

    public static readonly Setting Token = new("token", "TOKEN", "API token sent as 'Authorization: Bearer TOKEN'");

    public static readonly IReadOnlyList<Setting> All = [Server, Token];
}
