using System.Net;
using System.Net.Sockets;

namespace Telephony.Media.Rtp;

/// <summary>
/// Decides which source a call's media is taken from: symmetric RTP latches to the first valid
/// source from an allowed address (NAT-safe: we answer where the caller's media really comes
/// from); strict RTP then drops every other source, unless it sends
/// <see cref="RtpSessionOptions.StrictRtpProbation"/> packets in consecutive sequence while the
/// latched source has been silent (a real move: NAT rebinding, a media server switching). An
/// injector racing a live stream is never heard.
/// </summary>
/// <remarks>
/// Called from the receive loop only, except <see cref="Unlatch"/> and <see cref="Allow"/>
/// (published with volatile writes). No allocation per packet: a source address is copied only
/// when it becomes the latched one or the probation candidate.
/// </remarks>
internal sealed class RtpSourceGuard(int probation)
{
    /// <summary>How long the latched source must have been silent before another may take over.</summary>
    public const long LatchedSilenceMs = 200;

    private SocketAddress[] _allowed = [];
    private SocketAddress? _latched;
    private SocketAddress? _candidate;
    private ushort _candidateNextSeq;
    private int _candidateRun;
    private long _foreignDropped;
    private long _relatches;

    /// <summary>Packets from a source other than the latched one, or from an address never allowed.</summary>
    public long ForeignDropped => Interlocked.Read(ref _foreignDropped);

    /// <summary>Times a new source was adopted after probation.</summary>
    public long Relatches => Interlocked.Read(ref _relatches);

    /// <summary>
    /// The only IPs media is taken from: the SDP's and the caller's SIP source (either may be
    /// absent or a wildcard). Empty allows any source, for sessions set up without SDP.
    /// </summary>
    public void Allow(IPAddress sdp, IPAddress? signalling, AddressFamily socketFamily)
    {
        var list = new List<SocketAddress>();
        foreach (var ip in new[] { sdp, signalling })
        {
            if (ip is null || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            {
                continue;
            }

            var forSocket = socketFamily == AddressFamily.InterNetworkV6 && ip.AddressFamily == AddressFamily.InterNetwork ? ip.MapToIPv6() : ip;
            if (forSocket.AddressFamily == socketFamily)
            {
                list.Add(new IPEndPoint(forSocket, 0).Serialize());
            }
        }

        Volatile.Write(ref _allowed, [.. list]);
    }

    /// <summary>Forgets the latched source (a re-INVITE moved the media): the next valid packet latches again.</summary>
    public void Unlatch() => Volatile.Write(ref _latched, null);

    /// <summary>
    /// Whether to take a packet from <paramref name="source"/>. <paramref name="latchedNow"/> is the
    /// source's own copy when the packet latched it (first latch or a completed probation): where our
    /// RTP goes from now on.
    /// </summary>
    /// <param name="lastReceivedMs">When the latched source was last heard (Environment.TickCount64).</param>
    public bool TryAccept(SocketAddress source, ushort sequenceNumber, long lastReceivedMs, out SocketAddress? latchedNow)
    {
        latchedNow = null;
        if (!FromAllowedAddress(source))
        {
            Interlocked.Increment(ref _foreignDropped);
            return false;
        }

        var latched = Volatile.Read(ref _latched);
        if (latched is not null && latched.Equals(source))
        {
            _candidate = null;
            return true;
        }

        if (latched is not null)
        {
            if (_candidate is not null && _candidate.Equals(source) && sequenceNumber == _candidateNextSeq)
            {
                _candidateRun++;
            }
            else
            {
                _candidate = Copy(source);
                _candidateRun = 1;
            }

            _candidateNextSeq = (ushort)(sequenceNumber + 1);
            var latchedSilent = Environment.TickCount64 - lastReceivedMs >= LatchedSilenceMs;
            if (_candidateRun < probation || !latchedSilent)
            {
                Interlocked.Increment(ref _foreignDropped);
                return false;
            }

            Interlocked.Increment(ref _relatches);
        }

        latchedNow = _candidate is not null && _candidate.Equals(source) ? _candidate : Copy(source);
        _candidate = null;
        Volatile.Write(ref _latched, latchedNow);
        return true;
    }

    private bool FromAllowedAddress(SocketAddress source)
    {
        var allowed = Volatile.Read(ref _allowed);
        if (allowed.Length == 0)
        {
            return true;
        }

        // Compare the address bytes only (port excluded): sockaddr_in holds them at 4..8, sockaddr_in6 at 8..24.
        var (offset, length) = source.Family == AddressFamily.InterNetworkV6 ? (8, 16) : (4, 4);
        var bytes = source.Buffer.Span.Slice(offset, length);
        foreach (var a in allowed)
        {
            if (a.Size >= offset + length && a.Buffer.Span.Slice(offset, length).SequenceEqual(bytes))
            {
                return true;
            }
        }

        return false;
    }

    private static SocketAddress Copy(SocketAddress source)
    {
        var copy = new SocketAddress(source.Family, source.Size);
        source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
