using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

public sealed record Assignment(string Variable, Template Value, SourceLocation At);
