using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model.Steps;

/// <summary>Copies the response field at <see cref="Path"/> (dotted, with [n] for array items) into <see cref="Variable"/>.</summary>
public sealed record ResponseMapping(string Variable, string Path, SourceLocation At);
