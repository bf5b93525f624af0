using System.Collections;

namespace Telephony.Sip.Messages;

/// <summary>The ordered header lines of a message, with case-insensitive lookup by canonical name.</summary>
/// <remarks>Not thread-safe: a message is built or parsed by one thread and then only read.</remarks>
public sealed class SipHeaderCollection : IEnumerable<SipHeader>
{
    private readonly List<SipHeader> _headers;

    public SipHeaderCollection()
        : this(16)
    {
    }

    public SipHeaderCollection(int capacity) => _headers = new List<SipHeader>(capacity);

    public int Count => _headers.Count;

    public SipHeader this[int index] => _headers[index];

    public void Add(string name, string value) => _headers.Add(new SipHeader(name, value));

    /// <summary>Inserts a header before all others of any name (used for Via on forwarded requests).</summary>
    public void Insert(int index, string name, string value) => _headers.Insert(index, new SipHeader(name, value));

    /// <summary>Replaces every line of <paramref name="name"/> with one line holding <paramref name="value"/>.</summary>
    public void Set(string name, string value)
    {
        var at = _headers.FindIndex(h => NameEquals(h.Name, name));
        RemoveAll(name);
        if (at < 0 || at > _headers.Count)
        {
            _headers.Add(new SipHeader(name, value));
        }
        else
        {
            _headers.Insert(at, new SipHeader(name, value));
        }
    }

    /// <summary>Replaces the value of the line at <paramref name="index"/>, keeping its name and position.</summary>
    public void Replace(int index, string value) => _headers[index] = _headers[index] with { Value = value };

    public int RemoveAll(string name) => _headers.RemoveAll(h => NameEquals(h.Name, name));

    /// <summary>The first line's value of <paramref name="name"/>, or null.</summary>
    public string? Get(string name)
    {
        foreach (var h in _headers)
        {
            if (NameEquals(h.Name, name))
            {
                return h.Value;
            }
        }

        return null;
    }

    /// <summary>How many header lines carry <paramref name="name"/>.</summary>
    public int CountOf(string name)
    {
        var n = 0;
        foreach (var h in _headers)
        {
            if (NameEquals(h.Name, name))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// All values of a multi-value header, splitting comma-separated lines outside quotes and
    /// angle brackets (RFC 3261 §7.3.1), in message order.
    /// </summary>
    public List<string> GetValues(string name)
    {
        var values = new List<string>();
        foreach (var h in _headers)
        {
            if (NameEquals(h.Name, name))
            {
                HeaderValueSplitter.Split(h.Value, values);
            }
        }

        return values;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool NameEquals(string a, string b) =>
        ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
