namespace Telephony.Calls.Playback;

/// <summary>How one play-list item ended and how much of it the caller heard (pauses not counted).</summary>
public readonly record struct PlayItemResult(PlayOutcome Outcome, TimeSpan Played);
