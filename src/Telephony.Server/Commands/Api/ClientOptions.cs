using System.CommandLine;
using Telephony.Server.Cli;
using Telephony.Server.Config;

namespace Telephony.Server.Commands.Api;

/// <summary>--server, --token and --config, shared by every command that drives a running server.</summary>
internal sealed class ClientOptions
{
    private readonly Option _config = Flags.Create("config", "FILE", "config file whose server: and token: keys are used (default ./telephony.yaml when it exists)");
    private readonly List<Option> _options = [.. ClientSettings.All.Select(Flags.Create)];

    public void AddTo(Command command)
    {
        command.Add(_config);
        foreach (var option in _options)
        {
            command.Add(option);
        }
    }

    /// <summary>server and token from flag, then TELEPHONY_SERVER / TELEPHONY_TOKEN, then the config file.</summary>
    public ApiClient Client(ParseResult result) =>
        ApiClient.From(SettingsLoader.Load(Flags.Value(result, _config), [.. ClientSettings.All.Select(s => s.Name)], Flags.Given(result, _options)));

    public const string Help = "The server is reached at --server URL (or TELEPHONY_SERVER, or 'server:' in the config file; default http://127.0.0.1:8080) with --token TOKEN (or TELEPHONY_TOKEN, or 'token:'). Exit 3 when the server cannot be reached or refuses the token (401/403).";
}
