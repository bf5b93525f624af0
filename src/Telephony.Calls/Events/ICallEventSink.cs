namespace Telephony.Calls.Events;

/// <summary>Where calls report what happens to them. Must not block: it is called from SIP and media threads.</summary>
public interface ICallEventSink
{
    /// <summary>Records one event; the sink gives it its id and time.</summary>
    void Publish(string type, string callId, IReadOnlyDictionary<string, string?> data);
}
