namespace Telephony.Server.Config;

/// <summary>A configuration source that can say where a key's value came from, for error messages.</summary>
internal interface ISettingOrigin
{
    /// <summary>The subject of an error about <paramref name="key"/>: "--sip-port", "TELEPHONY_SIP_PORT: sip-port", "telephony.yaml:3:11: error: sip-port".</summary>
    string Describe(string key);
}
