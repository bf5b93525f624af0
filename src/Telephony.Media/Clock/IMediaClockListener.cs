namespace Telephony.Media.Clock;

/// <summary>Something the media clock drives once per period (a call's outgoing stream).</summary>
public interface IMediaClockListener
{
    /// <summary>Called on the clock thread; must be quick and must not block.</summary>
    void OnTick(long tick);
}
