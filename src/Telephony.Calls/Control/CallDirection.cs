namespace Telephony.Calls.Control;

/// <summary>Which way a call leg was set up: a party called us, or we called a party.</summary>
public enum CallDirection
{
    Inbound,
    Outbound,
}
