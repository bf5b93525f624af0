namespace Telephony.Dialplan.Diagnostics;

/// <summary>One problem found in a dialplan file, printed the way compilers print theirs.</summary>
/// <param name="File">The file as the user named it.</param>
/// <param name="At">Where the problem starts.</param>
/// <param name="Message">What is wrong, and when we can tell, how to fix it.</param>
public sealed record Diagnostic(string File, SourceLocation At, string Message)
{
    public override string ToString() => $"{File}:{At.Line}:{At.Column}: error: {Message}";
}
