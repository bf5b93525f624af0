namespace Telephony.Media.Bridge;

/// <summary>Counters of one relay direction, or of the whole process; incremented on the receive path without a lock.</summary>
internal sealed class RelayCounters
{
    private long _relayed;
    private long _transcoded;
    private long _digits;
    private long _dropped;

    public long Relayed => Interlocked.Read(ref _relayed);

    public long Transcoded => Interlocked.Read(ref _transcoded);

    public long Digits => Interlocked.Read(ref _digits);

    public long Dropped => Interlocked.Read(ref _dropped);

    public void CountRelayed(bool transcoded)
    {
        Interlocked.Increment(ref _relayed);
        if (transcoded)
        {
            Interlocked.Increment(ref _transcoded);
        }
    }

    public void CountDigit() => Interlocked.Increment(ref _digits);

    public void CountDropped() => Interlocked.Increment(ref _dropped);
}
