using Telephony.Calls.Control;

namespace Telephony.Calls.Outbound;

/// <summary>What a leg needs to bridge itself to a new target (implemented by <see cref="CallManager"/>).</summary>
internal interface ILegDialer
{
    /// <summary>Dials <paramref name="target"/> while <paramref name="caller"/> hears ringback; on answer bridges the two. The result says how the target answered.</summary>
    Task<CallAttemptResult> BridgeAsync(Call caller, string target, TimeSpan timeout, string? callerId);
}
