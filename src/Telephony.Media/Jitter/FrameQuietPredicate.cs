namespace Telephony.Media.Jitter;

/// <summary>Tells whether an encoded frame is quiet enough to drop or stretch without being heard.</summary>
public delegate bool FrameQuietPredicate(ReadOnlySpan<byte> payload);
