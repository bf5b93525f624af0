namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Idle decoders per search. A decoder holds one utterance's state from its start to its end, so
/// every recognition running at once needs a decoder of its own; building one (acoustic model,
/// dictionary, grammar) takes tens of milliseconds, so finished decoders wait here, set up for
/// their grammar, for the next caller of the same menu. Thread-safe.
/// </summary>
/// <remarks>
/// Pooled per grammar rather than one decoder switching grammars: ps_set_search between
/// utterances is cheap, but a decoder holding every menu's grammar would hold every menu's
/// words in one dictionary, and adding a word rebuilds every search it holds.
/// The 5prealpha API has no way to share one loaded acoustic model between decoders (ps_init
/// loads its own), so each decoder holds a copy; its size is in docs/speech.md.
/// </remarks>
internal sealed class DecoderPool : IDisposable
{
    private readonly Dictionary<string, Stack<PocketsphinxDecoder>> _idle = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recent = new();
    private readonly int _idlePerSearch;
    private readonly int _searchesKept;
    private readonly Lock _lock = new();
    private bool _disposed;

    public DecoderPool(int idlePerSearch, int searchesKept)
    {
        _idlePerSearch = Math.Max(1, idlePerSearch);
        _searchesKept = Math.Max(1, searchesKept);
    }

    /// <summary>Decoders created so far (for tests and metrics).</summary>
    public int Created { get; private set; }

    /// <summary>An idle decoder set up for <paramref name="key"/>, or one new from <paramref name="create"/>.</summary>
    public PocketsphinxDecoder Rent(string key, Func<PocketsphinxDecoder> create)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryGetValue(key, out var stack) && stack.Count > 0)
            {
                return stack.Pop();
            }
        }

        var decoder = create();
        lock (_lock)
        {
            Created++;
        }

        return decoder;
    }

    /// <summary>Gives a decoder back for its search; it is freed instead when enough wait already.</summary>
    public void Return(string key, PocketsphinxDecoder decoder)
    {
        List<PocketsphinxDecoder> freed = [];
        lock (_lock)
        {
            if (_disposed)
            {
                freed.Add(decoder);
            }
            else
            {
                if (!_idle.TryGetValue(key, out var stack))
                {
                    _idle[key] = stack = new Stack<PocketsphinxDecoder>();
                }

                _recent.Remove(key);
                _recent.AddFirst(key);
                if (stack.Count < _idlePerSearch)
                {
                    stack.Push(decoder);
                }
                else
                {
                    freed.Add(decoder);
                }

                while (_recent.Count > _searchesKept)
                {
                    var oldest = _recent.Last!.Value;
                    _recent.RemoveLast();
                    freed.AddRange(_idle[oldest]);
                    _idle.Remove(oldest);
                }
            }
        }

        foreach (var d in freed)
        {
            d.Dispose();
        }
    }

    public void Dispose()
    {
        List<PocketsphinxDecoder> all;
        lock (_lock)
        {
            _disposed = true;
            all = [.. _idle.Values.SelectMany(s => s)];
            _idle.Clear();
            _recent.Clear();
        }

        foreach (var d in all)
        {
            d.Dispose();
        }
    }
}
