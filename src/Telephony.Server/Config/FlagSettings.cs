using Microsoft.Extensions.Configuration;

namespace Telephony.Server.Config;

/// <summary>The settings given as flags on the command line: the last and strongest source.</summary>
internal sealed class FlagSettings : ConfigurationProvider, IConfigurationSource, ISettingOrigin
{
    public FlagSettings(IReadOnlyDictionary<string, string> values)
    {
        Data = new Dictionary<string, string?>(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)), StringComparer.OrdinalIgnoreCase);
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public string Describe(string key) => "--" + key;

    public override void Load()
    {
        // The values were given to the constructor; nothing to read.
    }
}
