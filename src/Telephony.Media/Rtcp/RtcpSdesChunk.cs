namespace Telephony.Media.Rtcp;

/// <summary>One SDES chunk: a source and its canonical name (other SDES items are not kept).</summary>
/// <param name="Ssrc">The SSRC or CSRC described.</param>
/// <param name="CName">The CNAME item (RFC 3550 §6.5.1), or null when the chunk had none.</param>
public readonly record struct RtcpSdesChunk(uint Ssrc, string? CName);
