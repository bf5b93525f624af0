using System.Diagnostics;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Decoders per search, built ahead. A decoder holds one utterance's state while it decodes, so
/// every decode running at once needs a decoder of its own; building one (acoustic model,
/// dictionary, grammar) takes tens of milliseconds under a process-wide lock, so decoders are
/// built in the background (<see cref="Prepare"/>, when a turn for the grammar starts) and wait
/// here, set up for their grammar, for the next decode. A decode that finds none idle (a miss)
/// builds one itself and the wait is counted. Thread-safe.
/// </summary>
/// <remarks>
/// Pooled per grammar rather than one decoder switching grammars: ps_set_search between
/// utterances is cheap, but a decoder holding every menu's grammar would hold every menu's
/// words in one dictionary, and adding a word rebuilds every search it holds.
/// The 5prealpha API has no way to share one loaded acoustic model between decoders (ps_init
/// loads its own), so each decoder holds a copy; its size is in docs/speech.md. Memory stays
/// bounded: at most <c>idlePerSearch</c> idle per search, <c>searchesKept</c> searches.
/// </remarks>
internal sealed class DecoderPool : IDisposable
{
    private readonly Dictionary<string, Search> _searches = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recent = new();
    private readonly int _idlePerSearch;
    private readonly int _searchesKept;
    private readonly Lock _lock = new();
    private readonly Action<string>? _log;
    private bool _building;
    private bool _disposed;
    private long _created;
    private long _hits;
    private long _misses;
    private long _missWaitTicks;
    private long _missWaitMaxTicks;
    private long _buildTicks;
    private long _buildFailures;

    public DecoderPool(int idlePerSearch, int searchesKept, Action<string>? log = null)
    {
        _idlePerSearch = Math.Max(1, idlePerSearch);
        _searchesKept = Math.Max(1, searchesKept);
        _log = log;
    }

    /// <summary>Decoders created so far, ahead or on a miss (for tests and metrics).</summary>
    public int Created => (int)Interlocked.Read(ref _created);

    public DecoderPoolStats Stats()
    {
        lock (_lock)
        {
            var idle = 0;
            var building = 0;
            foreach (var s in _searches.Values)
            {
                idle += s.Idle.Count;
                building += s.Building;
            }

            return new DecoderPoolStats(idle, building, _searches.Count, _created, _hits, _misses,
                TimeSpan.FromSeconds((double)_missWaitTicks / Stopwatch.Frequency), TimeSpan.FromSeconds((double)_missWaitMaxTicks / Stopwatch.Frequency),
                TimeSpan.FromSeconds((double)_buildTicks / Stopwatch.Frequency), _buildFailures);
        }
    }

    /// <summary>
    /// Makes sure <paramref name="key"/> will have decoders waiting: builds, in the background and
    /// one at a time, until the search has <c>idlePerSearch</c> decoders (idle, in use or being
    /// built). Returns at once.
    /// </summary>
    public void Prepare(string key, Func<PocketsphinxDecoder> create)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Touch(key, create);
            StartBuilderLocked();
        }
    }

    /// <summary>An idle decoder set up for <paramref name="key"/>, or (a miss, counted) one new from <paramref name="create"/>.</summary>
    public PocketsphinxDecoder Rent(string key, Func<PocketsphinxDecoder> create)
    {
        Search search;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            search = Touch(key, create);
            if (search.Idle.Count > 0)
            {
                _hits++;
                search.Rented++;
                return search.Idle.Pop();
            }

            _misses++;
        }

        var started = Stopwatch.GetTimestamp();
        var decoder = create();
        var waited = Stopwatch.GetTimestamp() - started;
        lock (_lock)
        {
            _created++;
            _missWaitTicks += waited;
            _missWaitMaxTicks = Math.Max(_missWaitMaxTicks, waited);
            _buildTicks += waited;
            search.Rented++;
        }

        return decoder;
    }

    /// <summary>Gives a decoder back for its search; it is freed instead when enough wait already.</summary>
    public void Return(string key, PocketsphinxDecoder decoder)
    {
        List<PocketsphinxDecoder> freed = [];
        lock (_lock)
        {
            if (_disposed || !_searches.TryGetValue(key, out var search))
            {
                freed.Add(decoder);
            }
            else
            {
                search.Rented = Math.Max(0, search.Rented - 1);
                if (search.Idle.Count < _idlePerSearch)
                {
                    search.Idle.Push(decoder);
                }
                else
                {
                    freed.Add(decoder);
                }
            }
        }

        foreach (var d in freed)
        {
            d.Dispose();
        }
    }

    /// <summary>A rented decoder that broke: freed, and no longer counted as the search's.</summary>
    public void Discard(string key, PocketsphinxDecoder decoder)
    {
        lock (_lock)
        {
            if (_searches.TryGetValue(key, out var search))
            {
                search.Rented = Math.Max(0, search.Rented - 1);
            }
        }

        decoder.Dispose();
    }

    public void Dispose()
    {
        List<PocketsphinxDecoder> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _searches.Values.SelectMany(s => s.Idle)];
            _searches.Clear();
            _recent.Clear();
        }

        foreach (var d in all)
        {
            d.Dispose();
        }
    }

    /// <summary>The search for <paramref name="key"/>, made most recent; the least recent past the bound is freed.</summary>
    private Search Touch(string key, Func<PocketsphinxDecoder> create)
    {
        if (_searches.TryGetValue(key, out var search))
        {
            _recent.Remove(search.Node);
            _recent.AddFirst(search.Node);
            return search;
        }

        search = new Search(key, create);
        _searches[key] = search;
        _recent.AddFirst(search.Node);
        while (_recent.Count > _searchesKept)
        {
            var oldest = _recent.Last!.Value;
            _recent.RemoveLast();
            var gone = _searches[oldest];
            _searches.Remove(oldest);
            foreach (var d in gone.Idle)
            {
                d.Dispose(); // under the lock, but rare: a server with more than searchesKept grammars in use
            }

            gone.Idle.Clear();
        }

        return search;
    }

    private Search? WantingLocked()
    {
        foreach (var s in _searches.Values)
        {
            if (s.Idle.Count + s.Rented + s.Building < _idlePerSearch)
            {
                return s;
            }
        }

        return null;
    }

    private void StartBuilderLocked()
    {
        if (_building || WantingLocked() is null)
        {
            return;
        }

        _building = true;

        // A thread-pool thread blocked for a few builds of ~30 ms each; never a speech worker nor the media clock.
        ThreadPool.UnsafeQueueUserWorkItem(static pool => pool.BuildAhead(), this, preferLocal: false);
    }

    /// <summary>Builds decoders one at a time (creation is serialised anyway) until no search wants one.</summary>
    private void BuildAhead()
    {
        while (true)
        {
            Search search;
            lock (_lock)
            {
                if (_disposed || WantingLocked() is not { } wanting)
                {
                    _building = false;
                    return;
                }

                search = wanting;
                search.Building++;
            }

            PocketsphinxDecoder? decoder = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                decoder = search.Create();
            }
            catch (SpeechException e)
            {
                _log?.Invoke($"speech: warning: a decoder could not be built ahead: {e.Message}");
            }

            var dispose = false;
            lock (_lock)
            {
                search.Building--;
                _buildTicks += Stopwatch.GetTimestamp() - started;
                if (decoder is null)
                {
                    _buildFailures++;

                    // Not retried in a loop: the next Prepare or Rent of the search tries again.
                    _building = false;
                    return;
                }

                _created++;
                if (!_disposed && _searches.TryGetValue(search.Key, out var current) && current == search && search.Idle.Count < _idlePerSearch)
                {
                    search.Idle.Push(decoder);
                }
                else
                {
                    dispose = true;
                }
            }

            if (dispose)
            {
                decoder.Dispose();
            }
        }
    }

    private sealed class Search(string key, Func<PocketsphinxDecoder> create)
    {
        public string Key { get; } = key;

        public Func<PocketsphinxDecoder> Create { get; } = create;

        public Stack<PocketsphinxDecoder> Idle { get; } = new();

        public LinkedListNode<string> Node { get; } = new(key);

        public int Rented { get; set; }

        public int Building { get; set; }
    }
}

/// <summary>What the decoder pool holds and how often a decode had to build its own decoder.</summary>
/// <param name="Idle">Decoders waiting now, over all searches.</param>
/// <param name="Building">Decoders being built ahead now.</param>
/// <param name="Searches">Grammars and keyword lists the pool keeps decoders for.</param>
/// <param name="Created">Decoders built since start (ahead or on a miss).</param>
/// <param name="Hits">Decodes that found a decoder waiting.</param>
/// <param name="Misses">Decodes that built their own and waited for it.</param>
/// <param name="MissWait">Total time decodes waited on a build.</param>
/// <param name="MissWaitMax">The longest such wait.</param>
/// <param name="BuildTime">Total wall time spent building decoders (ahead and on misses).</param>
/// <param name="BuildFailures">Builds ahead that failed (logged).</param>
public sealed record DecoderPoolStats(int Idle, int Building, int Searches, long Created, long Hits, long Misses, TimeSpan MissWait, TimeSpan MissWaitMax, TimeSpan BuildTime, long BuildFailures);
