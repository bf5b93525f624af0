using Telephony.Dialplan.Diagnostics;

namespace Telephony.Dialplan.Model.Steps;

public sealed record SwitchCase(string Match, Branch Then, SourceLocation At);
