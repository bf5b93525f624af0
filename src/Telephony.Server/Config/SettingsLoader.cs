using Microsoft.Extensions.Configuration;
using Telephony.Server.Cli;

namespace Telephony.Server.Config;

/// <summary>Builds <see cref="Settings"/> from the config file, the environment and the flags, in rising precedence.</summary>
internal static class SettingsLoader
{
    /// <summary>The config file read when --config is not given and it exists.</summary>
    public const string DefaultFile = "telephony.yaml";

    /// <summary>Every key the config file may hold: serve's options and the API clients' server and token.</summary>
    public static IReadOnlyCollection<string> FileKeys { get; } =
        new HashSet<string>(ServeSettings.All.Concat(ClientSettings.All).Select(s => s.Name), StringComparer.Ordinal);

    /// <param name="configFile">--config's value; null to read ./telephony.yaml when it exists.</param>
    /// <param name="known">The keys this command reads from the environment.</param>
    /// <param name="flags">The flags given, by name without dashes.</param>
    public static Settings Load(string? configFile, IReadOnlyCollection<string> known, IReadOnlyDictionary<string, string> flags, System.Collections.IDictionary? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new UsageException($"--config: no such file: {configFile}");
            }

            builder.Add(new YamlSettingsFile(configFile, FileKeys));
        }
        else if (File.Exists(DefaultFile))
        {
            builder.Add(new YamlSettingsFile(DefaultFile, FileKeys));
        }

        builder.Add(new EnvironmentSettings(known, environment));
        builder.Add(new FlagSettings(flags));
        return new Settings(builder.Build());
    }
}
