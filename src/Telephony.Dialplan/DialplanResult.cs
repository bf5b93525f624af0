using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Model;

namespace Telephony.Dialplan;

/// <summary>The outcome of loading one file: the model when it is valid, and every problem found.</summary>
public sealed record DialplanResult(DialplanModel? Model, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Model is not null && Diagnostics.Count == 0;
}
