using System.Buffers.Binary;

namespace Telephony.Media.Dtmf;

/// <summary>Turns RFC 4733 telephone-event packets into one digit per key press.</summary>
/// <remarks>
/// All packets of one event share its RTP timestamp: the start, the long-press updates and the
/// three redundant end packets (RFC 4733 §2.5.1.4). A digit is reported on the first packet seen
/// of a new event, so a lost start still yields the digit from its end packets, and the few most
/// recent events are remembered so late or reordered packets are not taken for new presses.
/// One instance per RTP stream; not thread-safe.
/// </remarks>
public sealed class Rfc4733Decoder
{
    private const int Remembered = 4;
    private readonly (uint Timestamp, byte Event)[] _recent = new (uint, byte)[Remembered];
    private int _count;
    private int _next;

    /// <summary>Payloads too short to be an event.</summary>
    public long Malformed { get; private set; }

    /// <summary>Forgets the remembered events: the stream changed (new SSRC), its timestamps start afresh.</summary>
    public void Reset()
    {
        _count = 0;
        _next = 0;
    }

    public bool TryDecode(ReadOnlySpan<byte> payload, uint rtpTimestamp, out DtmfDigit digit)
    {
        digit = default;
        if (payload.Length < 4)
        {
            Malformed++;
            return false;
        }

        var ev = payload[0];
        if (ev > 15)
        {
            return false;
        }

        for (var i = 0; i < _count; i++)
        {
            if (_recent[i].Timestamp == rtpTimestamp && _recent[i].Event == ev)
            {
                return false;
            }
        }

        _recent[_next] = (rtpTimestamp, ev);
        _next = (_next + 1) % Remembered;
        _count = Math.Min(_count + 1, Remembered);
        var end = (payload[1] & 0x80) != 0;
        digit = new DtmfDigit(ToChar(ev), (byte)(payload[1] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]), end);
        return true;
    }

    /// <summary>Event codes 0–15 (RFC 4733 §3.2): 0–9, *, #, A–D.</summary>
    public static char ToChar(byte ev) => ev switch
    {
        <= 9 => (char)('0' + ev),
        10 => '*',
        11 => '#',
        _ => (char)('A' + ev - 12),
    };
}
