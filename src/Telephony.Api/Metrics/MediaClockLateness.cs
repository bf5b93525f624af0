namespace Telephony.Api.Metrics;

/// <summary>The media clock's tick lateness as counted since start, in equal bins.</summary>
/// <param name="BinSeconds">The width of one bin (the clock counts in 0.1 ms bins: 0.0001).</param>
/// <param name="Bins">Ticks per bin: bin i holds lateness in [i × BinSeconds, (i + 1) × BinSeconds); the last bin holds everything later.</param>
public sealed record MediaClockLateness(double BinSeconds, IReadOnlyList<long> Bins);
