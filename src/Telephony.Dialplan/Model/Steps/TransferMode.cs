namespace Telephony.Dialplan.Model.Steps;

public enum TransferMode
{
    Bridge,
    Refer,
}
