namespace Telephony.Sip.Messages;

/// <summary>One header line as received or to be sent: a canonical name and its raw value.</summary>
/// <remarks>Folded lines are already unfolded and surrounding whitespace trimmed.</remarks>
public readonly record struct SipHeader(string Name, string Value);
