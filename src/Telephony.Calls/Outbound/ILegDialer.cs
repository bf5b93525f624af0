using Telephony.Calls.Control;

namespace Telephony.Calls.Outbound;

/// <summary>What a leg needs to bridge itself to a new target (implemented by <see cref="CallManager"/>).</summary>
internal interface ILegDialer
{
    /// <summary>Dials <paramref name="target"/> while <paramref name="caller"/> hears ringback; on answer bridges the two. The result says how the target answered.</summary>
    /// <param name="headers">Extra headers on the INVITE to the target (already checked: tokens, no line breaks).</param>
    Task<CallAttemptResult> BridgeAsync(Call caller, string target, TimeSpan timeout, string? callerId, IReadOnlyList<KeyValuePair<string, string>> headers);
}
