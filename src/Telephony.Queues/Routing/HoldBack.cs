namespace Telephony.Queues.Routing;

/// <summary>One rule that keeps an agent from being offered a queue's call right now.</summary>
/// <param name="Code">Stable for scripts: not-member, logged-out, not-registered, paused, ringing, on-call, wrap-up, skill, declined.</param>
/// <param name="Text">The sentence an operator reads ("paused (lunch) since 12:01:07").</param>
/// <param name="Until">When this rule lets go by itself (wrap-up), if it does.</param>
public sealed record HoldBack(string Code, string Text, DateTimeOffset? Until = null)
{
    /// <summary>Rules that end on their own soon (a call, an offer, a wrap-up): worth waiting for a familiar agent.</summary>
    public bool IsTransient => Code is "ringing" or "on-call" or "wrap-up";
}
