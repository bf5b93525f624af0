using System.Collections.Concurrent;

namespace Telephony.Sip.Dialogs;

/// <summary>The live dialogs, found by Call-ID and tags (RFC 3261 §12.2.2).</summary>
/// <remarks>Thread-safe; removal is how exactly-once dialog termination is decided.</remarks>
public sealed class DialogTable
{
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new();

    public int Count => _dialogs.Count;

    internal void Add(SipDialog dialog) => _dialogs[dialog.Key] = dialog;

    /// <summary>Removes the dialog; true only for the one caller that removed it.</summary>
    internal bool TryRemove(SipDialog dialog) =>
        _dialogs.TryRemove(new KeyValuePair<string, SipDialog>(dialog.Key, dialog));

    /// <summary>The dialog a request from the peer belongs to: our tag is in To, theirs in From.</summary>
    public SipDialog? Find(string callId, string? localTag, string? remoteTag) =>
        localTag is null ? null : _dialogs.GetValueOrDefault(SipDialog.DialogKey(callId, localTag, remoteTag ?? string.Empty));

    public IReadOnlyCollection<SipDialog> Snapshot() => _dialogs.Values.ToArray();
}
