using Telephony.Media.Rtp;

namespace Telephony.Media.Playback;

/// <summary>How one play-list item ended and how much of it went out.</summary>
/// <param name="Result">Completed, stopped, cancelled (the call ended), or never reached.</param>
/// <param name="Played">Audio time sent for the item (pauses not counted).</param>
public readonly record struct PlayedItem(PlaybackResult Result, TimeSpan Played);
