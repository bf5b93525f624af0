namespace Telephony.Dialplan.Model.Steps;

public enum TransferTargetKind
{
    /// <summary><c>queue:NAME</c>, an agent queue.</summary>
    Queue,

    /// <summary><c>sip:</c> or <c>sips:</c> URI.</summary>
    SipUri,

    /// <summary>A phone number (<c>+</c> and digits, or <c>tel:</c>), dialled through the trunks.</summary>
    Number,
}
