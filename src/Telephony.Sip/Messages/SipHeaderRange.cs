namespace Telephony.Sip.Messages;

/// <summary>
/// Where one header line sits in the message bytes: its name, and its value trimmed of the
/// surrounding blanks (for a folded header, from the first line's value to the end of its last
/// continuation line, folding included).
/// </summary>
public readonly record struct SipHeaderRange(int NameStart, int NameLength, int ValueStart, int ValueLength, bool Folded);
