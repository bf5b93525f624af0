namespace Telephony.Media.Bridge;

/// <summary>What one bridge has relayed so far.</summary>
/// <param name="RelayedAToB">Packets sent to leg B from what leg A received (audio, events, comfort noise; after re-packetization).</param>
/// <param name="RelayedBToA">The same from B to A.</param>
/// <param name="Transcoded">Packets among them whose audio was decoded and encoded again (different codecs, or key presses turned into tones).</param>
/// <param name="DigitsRelayed">Key presses passed on (RFC 4733 as events, or as in-band tones).</param>
/// <param name="Dropped">Packets not passed on: the receiving leg on hold, comfort noise it did not negotiate, a send that failed, a gap cutting a part-filled packet.</param>
/// <param name="Delay">Arrival-to-send delay of every packet relayed.</param>
public sealed record RtpBridgeStats(long RelayedAToB, long RelayedBToA, long Transcoded, long DigitsRelayed, long Dropped, RelayDelayStats Delay);
