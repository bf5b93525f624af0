namespace Telephony.Calls.Control;

/// <summary>How a call is handed to a target.</summary>
public enum TransferMode
{
    /// <summary>We dial the target and relay media between the legs (B2BUA); the caller stays with us.</summary>
    Bridge,

    /// <summary>REFER (RFC 3515): the caller's phone calls the target itself and our leg ends.</summary>
    Blind,
}
