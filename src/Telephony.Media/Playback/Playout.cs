using Telephony.Media.Codecs;

namespace Telephony.Media.Playback;

/// <summary>
/// The send side of one call's stream, as content: what goes in each packet slot. Key presses
/// being sent come first, then the play queue; the RTP session only adds headers and sends.
/// </summary>
/// <remarks>Thread safety as its parts: control from any thread, <see cref="Next"/> from the clock thread.</remarks>
internal sealed class Playout
{
    public PlaybackQueue Queue { get; } = new();

    public DigitSender Digits { get; } = new();

    /// <summary>The negotiated codec and telephone-event payload type (null: send keys in-band).</summary>
    public void Configure(AudioEncoding encoding, int? telephoneEventPayloadType)
    {
        Queue.SetEncoding(encoding);
        Digits.Configure(encoding, telephoneEventPayloadType);
    }

    /// <summary>Fills <paramref name="payload"/> (one packet time of the codec) for the slot stamped <paramref name="timestamp"/>.</summary>
    public OutgoingFrame Next(Span<byte> payload, uint timestamp)
    {
        if (Digits.TryRead(payload, timestamp, out var frame))
        {
            return frame;
        }

        return Queue.ReadFrame(payload) == PlayoutStatus.Paused
            ? OutgoingFrame.Nothing
            : new OutgoingFrame(OutgoingFrameKind.Audio, payload.Length, timestamp, Marker: false);
    }

    /// <summary>The call ended: playback and pending digits complete.</summary>
    public void Close()
    {
        Queue.Close();
        Digits.Close();
    }
}
