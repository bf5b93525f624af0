using Telephony.Calls.Control;

namespace Telephony.Calls.Flows;

/// <summary>One leg to run a flow on.</summary>
/// <param name="Call">The leg: answered already when outbound.</param>
/// <param name="Report">Where the flow reports its steps and outcome.</param>
/// <param name="Direction">Inbound legs are routed; outbound legs run <paramref name="Flow"/>.</param>
/// <param name="Flow">The flow to run (<c>dialplan/flow</c> or <c>flow</c>); null routes the leg as an inbound call would be.</param>
/// <param name="Variables">Flow variables set before the first step.</param>
public sealed record CallFlowRequest(
    ICall Call,
    ICallFlowReport Report,
    CallDirection Direction,
    string? Flow = null,
    IReadOnlyDictionary<string, string>? Variables = null);
