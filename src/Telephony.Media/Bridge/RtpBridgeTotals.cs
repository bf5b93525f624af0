namespace Telephony.Media.Bridge;

/// <summary>Every bridge of the process together, for the metrics endpoint.</summary>
/// <param name="Active">Bridges connected now.</param>
/// <param name="PacketsRelayed">Packets relayed in both directions by all bridges, past and present.</param>
/// <param name="Transcoded">Of them, packets transcoded.</param>
/// <param name="DigitsRelayed">Key presses relayed.</param>
/// <param name="Dropped">Packets not passed on.</param>
/// <param name="Delay">Relay delay over every packet relayed (the benchmarks' p99).</param>
public sealed record RtpBridgeTotals(long Active, long PacketsRelayed, long Transcoded, long DigitsRelayed, long Dropped, RelayDelayStats Delay);
