using System.Collections.Concurrent;
using System.Globalization;

namespace Telephony.Sip.Dns;

/// <summary>Answers remembered until their TTL runs out, by name (case-insensitive) and type. Thread-safe.</summary>
internal sealed class DnsCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private readonly int _capacity;

    public DnsCache(TimeProvider time, int capacity)
    {
        _time = time;
        _capacity = capacity;
    }

    public bool TryGet(string name, DnsRecordType type, out DnsAnswer answer)
    {
        var key = Key(name, type);
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > _time.GetUtcNow())
            {
                answer = entry.Answer;
                return true;
            }

            _entries.TryRemove(KeyValuePair.Create(key, entry));
        }

        answer = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="answer"/> for <paramref name="ttl"/>; a zero TTL means "do not cache".</summary>
    public void Add(DnsAnswer answer, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero || _capacity <= 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (_entries.Count >= _capacity)
        {
            foreach (var (key, entry) in _entries)
            {
                if (entry.Expires <= now)
                {
                    _entries.TryRemove(KeyValuePair.Create(key, entry));
                }
            }

            // Still full of live answers: starting over is cheaper than tracking use, and only costs a re-query.
            if (_entries.Count >= _capacity)
            {
                _entries.Clear();
            }
        }

        _entries[Key(answer.Name, answer.Type)] = new Entry(answer, now + ttl);
    }

    private static string Key(string name, DnsRecordType type) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)type} {DnsName.TrimDot(name)}");

    private sealed record Entry(DnsAnswer Answer, DateTimeOffset Expires);
}
