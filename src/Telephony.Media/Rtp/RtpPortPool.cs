namespace Telephony.Media.Rtp;

/// <summary>Hands out even RTP ports from a range (RTP even, RTCP the odd one above, RFC 3550 §11).</summary>
/// <remarks>Rotates through the range so a just-released port is not reused at once (late packets of the old call). Thread-safe.</remarks>
public sealed class RtpPortPool
{
    private readonly int _first;
    private readonly int _count;
    private readonly HashSet<int> _inUse = [];
    private readonly Lock _lock = new();
    private int _next;

    public RtpPortPool(int min, int max)
    {
        if (min < 1 || max > 65535 || max <= min)
        {
            throw new ArgumentException($"invalid RTP port range {min}-{max}");
        }

        _first = min % 2 == 0 ? min : min + 1;
        _count = ((max - _first) / 2) + 1;
    }

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

    public bool TryRent(out int port)
    {
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                port = _first + (2 * _next);
                _next = (_next + 1) % _count;
                if (_inUse.Add(port))
                {
                    return true;
                }
            }
        }

        port = 0;
        return false;
    }

    public void Return(int port)
    {
        lock (_lock)
        {
            _inUse.Remove(port);
        }
    }
}
