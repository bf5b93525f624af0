using Telephony.Dialplan.Diagnostics;
using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model;

/// <summary>
/// Which flow serves a call. Every condition given must hold (none given matches every call);
/// routes are tried in file order.
/// </summary>
public sealed class Route
{
    public required SourceLocation At { get; init; }

    public string? Name { get; init; }

    /// <summary>Called-number patterns, any of which may match; empty for any number.</summary>
    public IReadOnlyList<NumberPattern> Did { get; init; } = [];

    /// <summary>Caller-number patterns, any of which may match; empty for any caller.</summary>
    public IReadOnlyList<NumberPattern> Caller { get; init; } = [];

    /// <summary>SIP headers of the INVITE and the pattern each must match.</summary>
    public IReadOnlyList<KeyValuePair<string, NumberPattern>> Headers { get; init; } = [];

    /// <summary>Matches only inside this time window.</summary>
    public string? Open { get; init; }

    /// <summary>Matches only outside this time window (closing hours and holidays).</summary>
    public string? Closed { get; init; }

    public Expr? When { get; init; }

    public required string FlowName { get; init; }
}
