using Telephony.Media.Rtp;

namespace Telephony.Media.Bridge;

/// <summary>
/// Cuts a relayed stream's payload bytes into the receiving leg's packet time: bytes in as they
/// arrive (one per tick of the 8 kHz RTP clock for every codec we speak), whole packets out.
/// </summary>
/// <remarks>One preallocated buffer of a packet plus the longest payload; one thread (the arriving leg's receive loop).</remarks>
internal sealed class Repacketizer(int frameBytes)
{
    private readonly byte[] _buffer = new byte[frameBytes + (2 * RtpOutgoingStream.MaxPayloadBytes)];
    private int _length;
    private uint _timestamp;

    public int FrameBytes => frameBytes;

    public bool IsEmpty => _length == 0;

    /// <summary>Whether a whole packet is buffered (<see cref="Frame"/>, <see cref="FrameTimestamp"/>).</summary>
    public bool HasFrame => _length >= frameBytes;

    public ReadOnlySpan<byte> Frame => _buffer.AsSpan(0, frameBytes);

    /// <summary>RTP timestamp of the buffered packet's first byte.</summary>
    public uint FrameTimestamp => _timestamp;

    /// <summary>
    /// Adds <paramref name="bytes"/> whose first byte is at RTP time <paramref name="timestamp"/>.
    /// False when they do not continue what is buffered (a loss, a pause, a reorder): the part-filled
    /// packet is dropped and the new bytes start the next one.
    /// </summary>
    public bool Append(ReadOnlySpan<byte> bytes, uint timestamp)
    {
        var continued = true;
        if (_length > 0 && timestamp != _timestamp + (uint)_length)
        {
            _length = 0;
            continued = false;
        }

        if (_length == 0)
        {
            _timestamp = timestamp;
        }

        if (_length + bytes.Length > _buffer.Length)
        {
            // Cannot happen while packets are taken as they fill; start over rather than overrun.
            _length = 0;
            _timestamp = timestamp;
            continued = false;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        return continued;
    }

    /// <summary>The buffered packet was sent: what follows it moves up.</summary>
    public void Consume()
    {
        _buffer.AsSpan(frameBytes, _length - frameBytes).CopyTo(_buffer);
        _length -= frameBytes;
        _timestamp += (uint)frameBytes;
    }

    public void Clear() => _length = 0;
}
