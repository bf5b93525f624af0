namespace Telephony.Calls.Speech;

/// <summary>
/// The last second of the caller's audio, so the recogniser hears an utterance from its first
/// sound although the detector reports the start only after the minimum speech length (and a
/// barge-in happens then). Positions count samples since the turn began.
/// </summary>
internal sealed class PreRoll(int capacitySamples)
{
    private readonly short[] _ring = new short[capacitySamples];
    private long _written;

    public long Written => _written;

    public void Write(ReadOnlySpan<short> samples)
    {
        foreach (var s in samples)
        {
            _ring[_written % _ring.Length] = s;
            _written++;
        }
    }

    /// <summary>Feeds what is still held from <paramref name="fromSample"/> on to <paramref name="sink"/>, oldest first.</summary>
    public void ReplaySince(long fromSample, Action<ReadOnlySpan<short>> sink)
    {
        var start = Math.Max(fromSample, Math.Max(0, _written - _ring.Length));
        while (start < _written)
        {
            var offset = (int)(start % _ring.Length);
            var length = (int)Math.Min(_written - start, _ring.Length - offset);
            sink(_ring.AsSpan(offset, length));
            start += length;
        }
    }
}
