using System.Net;

namespace Telephony.Calls.Screening;

/// <summary>
/// Counts inbound calls overall and per source address against <see cref="CallLimits"/>: an
/// INVITE is admitted, or refused with the limit it hit, before it takes an RTP port.
/// </summary>
/// <remarks>
/// The per-source table holds only addresses with a call up (an entry goes when its last call
/// ends), so it is bounded by the calls admitted. Thread-safe.
/// </remarks>
public sealed class CallAdmission
{
    private readonly CallLimits _limits;
    private readonly Func<IPAddress, bool> _exempt;
    private readonly Dictionary<IPAddress, SourceCalls> _sources = [];
    private readonly Lock _lock = new();
    private int _calls;
    private long _refused;

    /// <param name="exempt">Sources the per-source limits do not apply to (the trusted networks: trunks, the PBX).</param>
    public CallAdmission(CallLimits limits, Func<IPAddress, bool> exempt)
    {
        _limits = limits;
        _exempt = exempt;
    }

    public CallLimits Limits => _limits;

    /// <summary>INVITEs refused by a limit since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The admission of a call from <paramref name="source"/>, or null with the limit it hit (<c>max-calls</c>, <c>source-calls</c>, <c>source-unconfirmed</c>).</summary>
    public Admission? TryAdmit(IPAddress source, out string? refusedBy)
    {
        var exempt = _exempt(source);
        lock (_lock)
        {
            refusedBy = null;
            _sources.TryGetValue(source, out var counts);
            if (_limits.MaxCalls > 0 && _calls >= _limits.MaxCalls)
            {
                refusedBy = "max-calls";
            }
            else if (!exempt && _limits.MaxCallsPerSource > 0 && counts?.Calls >= _limits.MaxCallsPerSource)
            {
                refusedBy = "source-calls";
            }
            else if (!exempt && _limits.MaxUnconfirmedPerSource > 0 && counts?.Unconfirmed >= _limits.MaxUnconfirmedPerSource)
            {
                refusedBy = "source-unconfirmed";
            }

            if (refusedBy is not null)
            {
                _refused++;
                return null;
            }

            if (counts is null)
            {
                counts = new SourceCalls();
                _sources[source] = counts;
            }

            counts.Calls++;
            counts.Unconfirmed++;
            _calls++;
            return new Admission(this, source);
        }
    }

    /// <summary>Calls admitted and not yet released from <paramref name="source"/>: (all, unconfirmed).</summary>
    public (int Calls, int Unconfirmed) From(IPAddress source)
    {
        lock (_lock)
        {
            return _sources.TryGetValue(source, out var c) ? (c.Calls, c.Unconfirmed) : (0, 0);
        }
    }

    public int Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls;
            }
        }
    }

    private void Confirmed(IPAddress source)
    {
        lock (_lock)
        {
            if (_sources.TryGetValue(source, out var counts))
            {
                counts.Unconfirmed--;
            }
        }
    }

    private void Released(IPAddress source, bool wasConfirmed)
    {
        lock (_lock)
        {
            _calls--;
            if (!_sources.TryGetValue(source, out var counts))
            {
                return;
            }

            counts.Calls--;
            if (!wasConfirmed)
            {
                counts.Unconfirmed--;
            }

            if (counts.Calls == 0)
            {
                _sources.Remove(source);
            }
        }
    }

    private sealed class SourceCalls
    {
        public int Calls { get; set; }

        public int Unconfirmed { get; set; }
    }

    /// <summary>One admitted call's place in the counts: confirmed by its ACK, released when it ends (each once).</summary>
    public sealed class Admission
    {
        private readonly CallAdmission _owner;
        private int _confirmed;
        private int _released;

        internal Admission(CallAdmission owner, IPAddress source)
        {
            _owner = owner;
            Source = source;
        }

        public IPAddress Source { get; }

        /// <summary>The caller's ACK arrived: the call no longer counts as unconfirmed.</summary>
        public void Confirm()
        {
            if (Volatile.Read(ref _released) == 0 && Interlocked.Exchange(ref _confirmed, 1) == 0)
            {
                _owner.Confirmed(Source);
            }
        }

        /// <summary>The call ended: its slot is free.</summary>
        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _owner.Released(Source, Interlocked.Exchange(ref _confirmed, 1) == 1);
            }
        }
    }
}
