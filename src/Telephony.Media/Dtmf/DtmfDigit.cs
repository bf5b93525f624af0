namespace Telephony.Media.Dtmf;

/// <summary>A DTMF key press as received: the key, its level (dBm0 below 0) and duration in timestamp units.</summary>
public readonly record struct DtmfDigit(char Digit, byte Volume, ushort Duration, bool End);
