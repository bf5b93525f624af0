namespace Telephony.Sdp.Negotiation;

/// <summary>What we can do and where we receive media, for answering an offer.</summary>
public sealed record AnswerOptions
{
    /// <summary>Our media address (IPv4 or IPv6 text) for o= and c=.</summary>
    public required string LocalAddress { get; init; }

    public required int LocalPort { get; init; }

    /// <summary>Encoding names we support, in our order of preference.</summary>
    public IReadOnlyList<string> Codecs { get; init; } = ["PCMU", "PCMA", "G722"];

    /// <summary>Whether to accept RFC 4733 telephone-event when offered.</summary>
    public bool TelephoneEvent { get; init; } = true;

    /// <summary>Choose by our order instead of the offerer's (RFC 3264 lets either side lead).</summary>
    public bool PreferOwnOrder { get; init; }

    public long SessionId { get; init; }

    public long SessionVersion { get; init; }

    public string UserName { get; init; } = "telephony";

    /// <summary>Packet time when the offer asks for none or for one we do not support.</summary>
    public int PtimeMs { get; init; } = 20;
}
