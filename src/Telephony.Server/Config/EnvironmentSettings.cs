using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Telephony.Server.Config;

/// <summary>
/// <c>TELEPHONY_SIP_PORT=5070</c> and the like: each known setting read from its variable.
/// Other TELEPHONY_* variables are ignored (the ./telephony script and CI may set their own).
/// </summary>
internal sealed class EnvironmentSettings : ConfigurationProvider, IConfigurationSource, ISettingOrigin
{
    private readonly IReadOnlyCollection<string> _known;
    private readonly IDictionary _variables;

    public EnvironmentSettings(IReadOnlyCollection<string> known, IDictionary? variables = null)
    {
        _known = known;
        _variables = variables ?? Environment.GetEnvironmentVariables();
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public string Describe(string key) => $"{Setting.EnvironmentName(key)}: {key}";

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in _known)
        {
            if (_variables[Setting.EnvironmentName(key)] is string value)
            {
                data[key] = value;
            }
        }

        Data = data;
    }
}
