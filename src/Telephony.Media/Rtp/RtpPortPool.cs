namespace Telephony.Media.Rtp;

/// <summary>Hands out even RTP ports from a range (RTP even, RTCP the odd one above, RFC 3550 §11).</summary>
/// <remarks>
/// Rotates through the range so a just-released port is not reused at once (late packets of the
/// old call). A port another process turned out to hold (<see cref="MarkHeldElsewhere"/>) is
/// skipped until <see cref="HeldElsewhereRetry"/> has passed, then tried once more: a call walks
/// the whole range before it is refused, yet a port held by someone else costs one failed bind
/// per retry interval, not one per call. Thread-safe.
/// </remarks>
public sealed class RtpPortPool
{
    /// <summary>How long a port found held by another process is skipped before it is tried again.</summary>
    public static readonly TimeSpan DefaultHeldElsewhereRetry = TimeSpan.FromSeconds(30);

    private readonly int _first;
    private readonly int _count;
    private readonly HashSet<int> _inUse = [];
    private readonly Dictionary<int, long> _heldElsewhere = [];
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private int _next;

    /// <summary>How many RTP ports (even, each with its RTCP port above) the range <paramref name="min"/>-<paramref name="max"/> holds.</summary>
    public static int CapacityOf(int min, int max) => max < FirstEven(min) ? 0 : ((max - FirstEven(min)) / 2) + 1;

    private static int FirstEven(int min) => min % 2 == 0 ? min : min + 1;

    public RtpPortPool(int min, int max, TimeProvider? time = null, TimeSpan? heldElsewhereRetry = null)
    {
        if (min < 1 || max > 65535 || max <= min)
        {
            throw new ArgumentException($"invalid RTP port range {min}-{max}");
        }

        _first = FirstEven(min);
        _count = CapacityOf(min, max);
        _time = time ?? TimeProvider.System;
        HeldElsewhereRetry = heldElsewhereRetry ?? DefaultHeldElsewhereRetry;
        if (HeldElsewhereRetry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(heldElsewhereRetry), "the retry interval must be positive");
        }
    }

    public TimeSpan HeldElsewhereRetry { get; }

    /// <summary>How many ports the range has (even ports only).</summary>
    public int Size => _count;

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _inUse.Count;
            }
        }
    }

    /// <summary>Ports known to be held by another process (skipped until their retry is due).</summary>
    public int HeldElsewhere
    {
        get
        {
            lock (_lock)
            {
                return _heldElsewhere.Count;
            }
        }
    }

    public bool TryRent(out int port)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                port = _first + (2 * _next);
                _next = (_next + 1) % _count;
                if (_heldElsewhere.TryGetValue(port, out var since) && _time.GetElapsedTime(since, now) < HeldElsewhereRetry)
                {
                    continue;
                }

                if (_inUse.Add(port))
                {
                    return true;
                }
            }
        }

        port = 0;
        return false;
    }

    /// <summary>
    /// A rented port could not be bound (another process has it): back to the range, skipped until
    /// the retry is due. True the first time the port is found held (worth a log line), false when
    /// a retry found it still held.
    /// </summary>
    public bool MarkHeldElsewhere(int port)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _inUse.Remove(port);
            var first = !_heldElsewhere.ContainsKey(port);
            _heldElsewhere[port] = now;
            return first;
        }
    }

    public void Return(int port)
    {
        lock (_lock)
        {
            _inUse.Remove(port);
            // It was bound, so nobody else holds it any more.
            _heldElsewhere.Remove(port);
        }
    }
}
