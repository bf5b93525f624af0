namespace Telephony.Server.Config;

/// <summary>
/// One option, declared once: the flag <c>--NAME</c>, the config-file key <c>NAME</c> and the
/// environment variable <c>TELEPHONY_NAME</c> (upper-cased, '-' as '_') all come from it.
/// </summary>
/// <param name="Name">The flag name without dashes, e.g. <c>sip-port</c>.</param>
/// <param name="HelpName">The value's placeholder in --help (<c>N</c>, <c>DIR</c>); null for a switch.</param>
/// <param name="Description">The --help text.</param>
internal sealed record Setting(string Name, string? HelpName, string Description)
{
    public bool IsSwitch => HelpName is null;

    public string Flag => "--" + Name;

    public string EnvironmentVariable => EnvironmentName(Name);

    public static string EnvironmentName(string name) => "TELEPHONY_" + name.ToUpperInvariant().Replace('-', '_');
}
