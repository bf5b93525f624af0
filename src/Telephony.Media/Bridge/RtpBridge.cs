using Telephony.Media.Rtp;

namespace Telephony.Media.Bridge;

/// <summary>
/// Relays media between two call legs (a B2BUA's two sides) as packets arrive, each direction
/// rewritten into the receiving leg's own outgoing stream: its SSRC, its sequence numbers and
/// timestamps continuing what it sent before. Codecs (PCMU, PCMA, G.722) and packet times may
/// differ; RFC 4733 digits still reach the arriving leg's <see cref="RtpSession.Digits"/>.
/// </summary>
/// <remarks>
/// <para>
/// While connected, both legs' own playouts are suspended: the bridge owns what goes out.
/// Disposing hands each leg back to its playout (a caller whose agent hung up returns to the flow),
/// continuing from where the relayed audio ended. Hold is the Calls layer's, through
/// <see cref="RtpSession.UpdateRemote"/>: a leg that must not send drops what is relayed to it.
/// </para>
/// <para>
/// Each direction runs on the arriving leg's socket receive loop; no thread, timer or lock of its
/// own, nothing allocated per packet. Thread-safe: connect and dispose from any thread.
/// </para>
/// </remarks>
public sealed class RtpBridge : IAsyncDisposable
{
    private static readonly RelayCounters Total = new();
    private static readonly RelayDelayHistogram TotalDelay = new();
    private static long _active;

    private readonly RelayCounters _aToBCounters = new();
    private readonly RelayCounters _bToACounters = new();
    private readonly RelayDelayHistogram _delay = new();
    private readonly RelayLeg _aToB;
    private readonly RelayLeg _bToA;
    private int _disposed;

    private RtpBridge(RtpSession a, RtpSession b)
    {
        (A, B) = (a, b);
        _aToB = new RelayLeg(a, b, _aToBCounters, Total, _delay, TotalDelay);
        _bToA = new RelayLeg(b, a, _bToACounters, Total, _delay, TotalDelay);
    }

    /// <summary>
    /// Bridges <paramref name="a"/> and <paramref name="b"/>, both configured with their negotiated
    /// media (after <see cref="RtpSession.Configure"/>, typically started). Relaying begins with the next packet either receives.
    /// </summary>
    /// <exception cref="ArgumentException">The same session twice.</exception>
    /// <exception cref="InvalidOperationException">A leg is already bridged.</exception>
    public static RtpBridge Connect(RtpSession a, RtpSession b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("a call leg cannot be bridged to itself", nameof(b));
        }

        var bridge = new RtpBridge(a, b);
        if (!a.TryAttachRelay(bridge._aToB))
        {
            throw new InvalidOperationException("leg A is already bridged");
        }

        if (!b.TryAttachRelay(bridge._bToA))
        {
            a.DetachRelay(bridge._aToB, null);
            throw new InvalidOperationException("leg B is already bridged");
        }

        Interlocked.Increment(ref _active);
        return bridge;
    }

    public RtpSession A { get; }

    public RtpSession B { get; }

    /// <summary>Packets relayed each way, transcoded, digits, dropped, and the relay delay.</summary>
    public RtpBridgeStats Stats => new(_aToBCounters.Relayed, _bToACounters.Relayed, _aToBCounters.Transcoded + _bToACounters.Transcoded,
        _aToBCounters.Digits + _bToACounters.Digits, _aToBCounters.Dropped + _bToACounters.Dropped, _delay.Snapshot());

    /// <summary>Every bridge of the process together (the metrics endpoint reads this).</summary>
    public static RtpBridgeTotals Totals => new(Interlocked.Read(ref _active), Total.Relayed, Total.Transcoded, Total.Digits, Total.Dropped, TotalDelay.Snapshot());

    /// <summary>Stops relaying; each leg's playout fills its stream again. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _aToB.Close();
            _bToA.Close();
            A.DetachRelay(_aToB, _bToA.RelayedEnd);
            B.DetachRelay(_bToA, _aToB.RelayedEnd);
            Interlocked.Decrement(ref _active);
        }

        return ValueTask.CompletedTask;
    }
}
