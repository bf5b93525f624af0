namespace Telephony.Media.Tones;

/// <summary>One sine of a tone: its frequency in Hz and its level in dBm0.</summary>
public readonly record struct ToneFrequency(double Hz, double LevelDbm0);
