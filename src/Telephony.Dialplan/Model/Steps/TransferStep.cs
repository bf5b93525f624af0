using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>transfer</c>: hands the call to a queue, a SIP URI or a phone number, by bridging (we stay
/// in the media path) or by REFER. When it succeeds the call leaves the flow; when it fails
/// (busy, no answer, REFER refused) control goes to <see cref="Fallback"/>, or on.
/// </summary>
public sealed class TransferStep : Step
{
    public required Template Target { get; init; }

    /// <summary>The kind of target when it is fixed text; null when it depends on variables.</summary>
    public TransferTargetKind? TargetKind { get; init; }

    public TransferMode Mode { get; init; }

    /// <summary>How long the far end may ring (bridge) or the REFER may take.</summary>
    public TimeSpan Timeout { get; init; }

    public Template? CallerId { get; init; }

    public Branch? Fallback { get; init; }

    public override IEnumerable<(Outcome, string?, Branch)> Branches() =>
        Fallback is null ? [] : [(Outcome.Fallback, null, Fallback)];
}
