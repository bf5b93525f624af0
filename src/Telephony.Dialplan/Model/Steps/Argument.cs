using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

public sealed record Argument(string Parameter, Template Value, SourceLocation At);
