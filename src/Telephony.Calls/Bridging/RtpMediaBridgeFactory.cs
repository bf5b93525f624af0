using Telephony.Media.Bridge;

namespace Telephony.Calls.Bridging;

/// <summary>
/// Bridges legs' media with the media layer's <see cref="RtpBridge"/>: packets relayed at arrival,
/// transcoded between PCMU, PCMA and G.722 when the legs differ, digits passed as RFC 4733 or tones.
/// </summary>
public sealed class RtpMediaBridgeFactory : IMediaBridgeFactory
{
    public IMediaBridge Create(MediaLeg a, MediaLeg b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new RelayedMedia(RtpBridge.Connect(a.Session, b.Session));
    }

    /// <summary>The bridge behind the seam; disposing it gives both legs their playouts back.</summary>
    private sealed class RelayedMedia(RtpBridge bridge) : IMediaBridge
    {
        public ValueTask DisposeAsync() => bridge.DisposeAsync();
    }
}
