using System.Globalization;
using Microsoft.Extensions.Configuration;
using Telephony.Server.Cli;

namespace Telephony.Server.Config;

/// <summary>
/// The merged settings (flag over environment over config file), each value with the source it
/// came from so a bad one is reported there: "--sip-port must be ...",
/// "TELEPHONY_SIP_PORT: sip-port must be ...", "telephony.yaml:3:11: error: sip-port must be ...".
/// </summary>
internal sealed class Settings
{
    private readonly IConfigurationRoot _root;

    public Settings(IConfigurationRoot root)
    {
        _root = root;
    }

    /// <summary>Flags, environment and file as one <see cref="IConfiguration"/> (keys are the flag names).</summary>
    public IConfiguration Configuration => _root;

    public string? Get(string key) => _root[key];

    public string Get(string key, string fallback) => _root[key] ?? fallback;

    public bool Has(string key) => _root[key] is not null;

    /// <summary>Where the effective value of <paramref name="key"/> came from, as the subject of an error message.</summary>
    public string Subject(string key)
    {
        foreach (var provider in _root.Providers.Reverse())
        {
            if (provider.TryGet(key, out _) && provider is ISettingOrigin origin)
            {
                return origin.Describe(key);
            }
        }

        return "--" + key;
    }

    public UsageException Error(string key, string problem) => new($"{Subject(key)} {problem}");

    public int GetInt(string key, int fallback, int min, int max)
    {
        if (Get(key) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(key, $"must be a whole number from {min} to {max} (got '{text}')");
        }

        return value;
    }

    /// <summary>A switch: present as a flag, or true/false (yes/no, 1/0) in the file or environment.</summary>
    public bool GetSwitch(string key) => Get(key) switch
    {
        null => false,
        var t when t.Equals("true", StringComparison.OrdinalIgnoreCase) || t is "1" || t.Equals("yes", StringComparison.OrdinalIgnoreCase) => true,
        var t when t.Equals("false", StringComparison.OrdinalIgnoreCase) || t is "0" || t.Equals("no", StringComparison.OrdinalIgnoreCase) => false,
        var t => throw Error(key, $"must be true or false (got '{t}')"),
    };
}
