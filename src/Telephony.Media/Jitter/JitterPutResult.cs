namespace Telephony.Media.Jitter;

/// <summary>What <see cref="JitterBuffer.Put"/> did with a packet.</summary>
public enum JitterPutResult
{
    /// <summary>Buffered for playout.</summary>
    Stored,

    /// <summary>
    /// Buffered after flushing: new SSRC or a timestamp/sequence jump. Frames still buffered from
    /// the old timeline are discarded. (The first packet of a stream is plain <see cref="Stored"/>.)
    /// </summary>
    Resynced,

    /// <summary>Already received: dropped.</summary>
    Duplicate,

    /// <summary>Arrived after its playout time: dropped.</summary>
    Late,

    /// <summary>Dropped for another reason: payload too large, or a jump not yet confirmed by a second packet.</summary>
    Discarded,
}
