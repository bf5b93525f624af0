namespace Telephony.Calls.Bridging;

/// <summary>
/// The seam between call control and media for bridges: relays RTP between two legs (transcoding
/// when their codecs differ, passing digits), started on create. The server plugs in the media
/// layer's bridge (Telephony.Media.Bridge.RtpBridge); without one, bridges connect signalling only.
/// </summary>
public interface IMediaBridgeFactory
{
    IMediaBridge Create(MediaLeg a, MediaLeg b);
}
