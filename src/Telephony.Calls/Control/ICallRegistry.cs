namespace Telephony.Calls.Control;

/// <summary>The live call legs of the server. Thread-safe; snapshots are taken without stopping calls.</summary>
public interface ICallRegistry
{
    /// <summary>How many legs are live now.</summary>
    int Count { get; }

    /// <summary>A snapshot of every live leg, oldest first.</summary>
    IReadOnlyList<CallSnapshot> List();

    /// <summary>The live leg with this Call-ID, or null.</summary>
    CallSnapshot? Find(string callId);
}
