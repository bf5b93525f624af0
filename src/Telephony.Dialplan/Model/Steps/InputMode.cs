namespace Telephony.Dialplan.Model.Steps;

/// <summary>How a menu or gather accepts input.</summary>
public enum InputMode
{
    Dtmf,
    Speech,
    Both,
}
