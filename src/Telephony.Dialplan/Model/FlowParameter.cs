using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model;

/// <summary>A subflow parameter; required when it has no default.</summary>
public sealed record FlowParameter(string Name, Template? Default, SourceLocation At)
{
    public bool Required => Default is null;
}
