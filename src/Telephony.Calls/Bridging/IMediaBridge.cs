namespace Telephony.Calls.Bridging;

/// <summary>Media relayed between two legs; disposing it stops the relay and gives the legs their playouts back.</summary>
public interface IMediaBridge : IAsyncDisposable
{
}
