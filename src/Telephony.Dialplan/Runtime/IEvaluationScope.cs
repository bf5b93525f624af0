namespace Telephony.Dialplan.Runtime;

/// <summary>What an expression can see while it is evaluated: variables, the INVITE's headers and the time windows.</summary>
public interface IEvaluationScope
{
    /// <summary>The variable's value; '' for a variable nothing has assigned on this call yet.</summary>
    object? Read(string name);

    /// <summary>A header of the INVITE, '' when absent.</summary>
    string Header(string name);

    /// <summary>True inside the named time window at the call's current time.</summary>
    bool IsOpen(string window);
}
