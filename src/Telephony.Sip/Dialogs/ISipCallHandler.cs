namespace Telephony.Sip.Dialogs;

/// <summary>The transaction user that receives new calls: the call layer.</summary>
public interface ISipCallHandler
{
    /// <summary>
    /// A new INVITE arrived (100 Trying already sent). Called on a transport thread: return fast
    /// and answer, ring or reject through <paramref name="incoming"/> from elsewhere.
    /// </summary>
    void OnIncomingCall(IncomingCall incoming);
}
