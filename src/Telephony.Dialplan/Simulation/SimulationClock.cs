namespace Telephony.Dialplan.Simulation;

/// <summary>
/// The simulated call's clock: it stands still until the simulation advances it (a <c>wait:5s</c>,
/// a timeout that expires, ringing), so timeouts cost no real time and time rules see <c>--at</c>.
/// </summary>
/// <remarks>Used from the simulation's one task; not thread-safe.</remarks>
public sealed class SimulationClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by)
    {
        if (by > TimeSpan.Zero)
        {
            _now += by;
        }
    }
}
