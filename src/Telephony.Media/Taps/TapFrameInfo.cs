namespace Telephony.Media.Taps;

/// <summary>Where one 20 ms tap frame sits in its stream.</summary>
/// <remarks>
/// Frames follow each other 160 ticks apart, except after a frame the jitter buffer inserted to
/// deepen itself (flagged <see cref="Concealed"/>): it has no place on the caller's timeline, so
/// the caller's next frame carries the same timestamp. <see cref="Sequence"/> always counts frames.
/// </remarks>
/// <param name="Timestamp">RTP timestamp (8 kHz clock, as on the wire, also for G.722) of the frame's first sample.</param>
/// <param name="Sequence">The frame's number in the tap's stream, counting from 0 for every subscriber alike: a gap means frames dropped.</param>
/// <param name="Concealed">Part of the frame was made up: a lost packet concealed, a frame inserted by the jitter buffer, or comfort noise.</param>
public readonly record struct TapFrameInfo(uint Timestamp, long Sequence, bool Concealed);
