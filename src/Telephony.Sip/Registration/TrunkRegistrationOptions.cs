using Telephony.Sip.Dialogs;

namespace Telephony.Sip.Registration;

/// <summary>How we register to a trunk's registrar (RFC 3261 §10.2) so it sends us calls.</summary>
public sealed record TrunkRegistrationOptions
{
    /// <summary>A name for logs (the trunk's name).</summary>
    public required string Name { get; init; }

    /// <summary>The registrar's URI, the REGISTER Request-URI (e.g. sip:carrier.example;transport=tcp).</summary>
    public required string Registrar { get; init; }

    /// <summary>The address-of-record we register (To and From), e.g. sip:4420123456@carrier.example.</summary>
    public required string AddressOfRecord { get; init; }

    public SipCredentials? Credentials { get; init; }

    /// <summary>The registration lifetime we ask for; the registrar may grant less.</summary>
    public TimeSpan Expires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An outbound proxy URI: REGISTER is sent there with a pre-loaded Route.</summary>
    public string? OutboundProxy { get; init; }

    /// <summary>The user part of our Contact; null takes the address-of-record's user.</summary>
    public string? ContactUser { get; init; }

    /// <summary>First wait after every target failed; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);
}
