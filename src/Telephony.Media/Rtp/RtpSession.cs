using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf;
using Telephony.Media.Playback;

namespace Telephony.Media.Rtp;

/// <summary>The media of one call: sends prompt audio (or silence) paced by the shared clock, receives RTP and DTMF.</summary>
/// <remarks>
/// Sending runs on the clock thread from a preallocated packet buffer to a cached socket address;
/// receiving is the <see cref="RtpSocket"/>'s loop calling <see cref="OnDatagram"/>. Neither
/// allocates per packet. What goes in each packet comes from the playout (<see cref="Playback"/>
/// and digits being sent, in Media/Playback); this class adds the RTP header and sends.
/// </remarks>
public sealed class RtpSession : IMediaClockListener, IRtpPacketSink, IAsyncDisposable
{
    private RtpSessionOptions _options;
    private readonly MediaClock _clock;
    private readonly Socket _socket;
    private byte[] _packet = [];
    private int _samplesPerPacket;
    private readonly Playout _playout = new();
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleReader = false });
    private readonly RtpSocket _rtpSocket;
    private readonly bool _ownsSocket;
    private readonly uint _ssrc;
    private SocketAddress _remote = null!;
    private IPEndPoint? _latched;
    private ushort _sequence;
    private uint _timestamp;
    private bool _markNext = true;
    private int _elapsedMs;
    private bool _receiving;
    private long _sent;
    private long _received;
    private long _malformed;
    private long _digitCount;
    private long _unknownPayload;
    private uint _latchedSsrc;
    private long _lastReceivedMs;
    private readonly Rtcp.RtpReceiverStatistics _receiveStats = new(8000);
    private readonly RtpSourceGuard _guard;
    private RtpReceiver? _receiver;
    private int _timedOut;
    private int _disposed;

    /// <summary>Binds the local port (throws <see cref="SocketException"/> when it is taken); the socket closes with the session.</summary>
    public RtpSession(RtpSessionOptions options, MediaClock clock)
        : this(options, clock, new RtpSocket(new IPEndPoint(options.LocalAddress, options.LocalPort)), ownsSocket: true)
    {
    }

    /// <summary>On a socket rented from an <see cref="RtpSocketPool"/>: the session detaches from it when disposed and the renter returns it.</summary>
    public RtpSession(RtpSessionOptions options, MediaClock clock, RtpSocket socket)
        : this(options, clock, socket, ownsSocket: false)
    {
    }

    private RtpSession(RtpSessionOptions options, MediaClock clock, RtpSocket socket, bool ownsSocket)
    {
        _options = options;
        _clock = clock;
        _rtpSocket = socket;
        _ownsSocket = ownsSocket;
        _socket = socket.Socket;
        ApplyMediaFormat();
        // RFC 3550 §5.1: random SSRC, first sequence number and timestamp; one draw for all three.
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        _ssrc = options.Ssrc ?? BinaryPrimitives.ReadUInt32BigEndian(random);
        _sequence = BinaryPrimitives.ReadUInt16BigEndian(random[4..]);
        _timestamp = BinaryPrimitives.ReadUInt32BigEndian(random[6..]);
        _guard = new RtpSourceGuard(options.StrictRtpProbation);
        BoundPort = socket.Port;
        _rtcpRemote = options.RemoteEndPoint;
        _msToReport = NextReportDelay(initial: true);
    }

    private double NextReportDelay(bool initial) =>
        (_options.RtcpInterval is { } fixedInterval ? fixedInterval : Rtcp.RtcpReportInterval.Next(initial)).TotalMilliseconds;

    /// <summary>
    /// RTCP is opened when the first report falls due (1.25–3.75 s into the call), off the clock
    /// thread, and that report goes out at once: calls shorter than that never pay for a second
    /// socket and receive loop (measured: at 1,000 short calls/s an eager RTCP socket per call cost
    /// retransmissions on one core).
    /// </summary>
    private void OpenRtcp()
    {
        RtcpChannel channel;
        try
        {
            channel = new RtcpChannel(_options.LocalAddress, BoundPort + 1, _ssrc, _receiveStats);
        }
        catch (SocketException)
        {
            // RTCP is optional (RFC 3550 §6): a taken port + 1 costs the reports, not the call.
            return;
        }

        channel.SetRemote(Volatile.Read(ref _rtcpRemote));
        channel.SetRemoteSsrc(_latchedSsrc);
        channel.Start();
        var sent = Interlocked.Read(ref _sent);
        channel.SendReport(sent > 0, sent, sent * _samplesPerPacket, _timestamp);
        Volatile.Write(ref _rtcp, channel);
        if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _rtcp, null) is { } late)
        {
            _ = late.DisposeAsync().AsTask();
        }
    }

    private RtcpChannel? _rtcp;
    private IPEndPoint _rtcpRemote;
    private int _rtcpRequested;
    private double _msToReport;

    public int BoundPort { get; }

    /// <summary>The socket the session sends and receives on.</summary>
    public RtpSocket Socket => _rtpSocket;

    /// <summary>DTMF digits as they arrive, one per key press.</summary>
    public ChannelReader<DtmfDigit> Digits => _digits.Reader;

    public RtpSessionStats Stats => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _received), Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _digitCount), _latched, _guard.ForeignDropped, Interlocked.Read(ref _unknownPayload), _guard.Relatches,
        RtcpCounters.Sent, RtcpCounters.Received, RtcpCounters.Malformed, RtcpCounters.RoundTrip, _receiver?.ComfortNoiseReceived ?? 0);

    private (long Sent, long Received, long Malformed, TimeSpan? RoundTrip) RtcpCounters =>
        Volatile.Read(ref _rtcp) is { } rtcp ? (rtcp.ReportsSent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip) : _lastRtcpStats;

    private (long Sent, long Received, long Malformed, TimeSpan? RoundTrip) _lastRtcpStats;

    /// <summary>
    /// Raised once, on the media clock thread, when no packet came from the caller for
    /// <see cref="RtpSessionOptions.RtpTimeout"/> while we were sending. Handlers must return fast.
    /// </summary>
    public event Action? RtpTimeout;

    /// <summary>
    /// How the caller's audio arrived (RFC 3550 jitter and loss, E-model MOS); null when no audio
    /// packet came. Read it after <see cref="DisposeAsync"/> (the receive loop has stopped).
    /// </summary>
    public Quality.CallQualitySummary? QualitySummary() =>
        _receiveStats.Received == 0 ? null : Quality.CallQualitySummary.From(_receiveStats, null, RtcpCounters.RoundTrip, _samplesPerPacket / 8);

    /// <summary>The caller's audio jitter buffer (null before receiving starts).</summary>
    internal Jitter.JitterBufferStats? CallerJitterStats => _receiver?.JitterStats;

    /// <summary>
    /// Adds a digit that arrived by signalling (SIP INFO) to the same stream as RFC 4733 digits,
    /// so the flow reads one source whatever the caller's phone uses.
    /// </summary>
    public void AddSignalledDigit(DtmfDigit digit)
    {
        Interlocked.Increment(ref _digitCount);
        _digits.Writer.TryWrite(digit);
    }

    /// <summary>
    /// Sets what was negotiated, for sessions bound before the SDP answer existed (the answer
    /// carries the bound port). Only before <see cref="Start"/>.
    /// </summary>
    /// <param name="signallingSource">The caller's SIP source address: with the SDP address, the only IPs media is taken from.</param>
    /// <param name="comfortNoisePayloadType">A dynamic payload type the SDP gave CN/8000, if any.</param>
    public void Configure(IPEndPoint remote, AudioEncoding encoding, int payloadType, int? telephoneEventPayloadType, int ptimeMs, IPAddress? signallingSource = null,
        int? comfortNoisePayloadType = null)
    {
        if (_receiving)
        {
            throw new InvalidOperationException("configure before Start");
        }

        _options = _options with
        {
            RemoteEndPoint = remote,
            Encoding = encoding,
            PayloadType = payloadType,
            TelephoneEventPayloadType = telephoneEventPayloadType,
            ComfortNoisePayloadType = comfortNoisePayloadType,
            PtimeMs = ptimeMs,
        };
        ApplyMediaFormat();
        Volatile.Write(ref _rtcpRemote, remote);
        Volatile.Read(ref _rtcp)?.SetRemote(remote);
        _guard.Allow(remote.Address, signallingSource, _socket.AddressFamily);
    }

    /// <summary>Decodes what we sent for the recording (the send side's own decoder state).</summary>
    private static int DecodeTo8k(ReadOnlySpan<byte> payload, Pcm8kDecoder? decoder, short[] pcm8k) => decoder?.Decode(payload, pcm8k) ?? 0;

    /// <summary>When set (before <see cref="Start"/>), both directions are recorded into it.</summary>
    public Recording.CallRecorder? Recorder { get; set; }

    private long _sentSamples;
    private readonly short[] _sentPcm = new short[2 * 8 * 60];
    private Pcm8kDecoder? _sentDecoder;

    private void ApplyMediaFormat()
    {
        _samplesPerPacket = 8 * Math.Clamp(_options.PtimeMs / 10 * 10, 10, 60);
        _packet = new byte[RtpHeader.FixedLength + _samplesPerPacket];
        _playout.Configure(_options.Encoding, _options.TelephoneEventPayloadType);
        _remote = _options.RemoteEndPoint.Serialize();
    }

    /// <summary>
    /// Applies a mid-call change (re-INVITE/UPDATE): new remote address, or hold. While not
    /// sending, the clock still advances sequence and timestamp so the stream resumes cleanly.
    /// The next packet received re-latches symmetric RTP.
    /// </summary>
    public void UpdateRemote(IPEndPoint remote, bool send)
    {
        Volatile.Write(ref _remote, remote.Serialize());
        Volatile.Write(ref _rtcpRemote, remote);
        Volatile.Read(ref _rtcp)?.SetRemote(remote);
        _latched = null;
        _guard.Unlatch();
        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        Volatile.Write(ref _sending, send);
    }

    private bool _sending = true;

    /// <summary>
    /// Starts receiving only: used from the 2xx, so the caller's first packets latch symmetric RTP
    /// and count, while nothing is sent before the call is confirmed.
    /// </summary>
    public void StartReceiving()
    {
        if (_receiving)
        {
            return;
        }

        // Set up once, for the format negotiated by now (Configure is refused after this).
        _receiver = new RtpReceiver(_options, _receiveStats, OnDigit);
        _sentDecoder = new Pcm8kDecoder(_options.Encoding);
        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        _receiving = true;
        _rtpSocket.Attach(this);
    }

    /// <summary>
    /// Starts receiving (if not yet) and sending: the first packet goes out on the clock's next
    /// tick (within one clock period, 5 ms on a real-time clock), silence until something plays;
    /// this call's packets keep that phase, so calls started at different times spread over the ticks.
    /// </summary>
    public void Start()
    {
        StartReceiving();
        if (Interlocked.Exchange(ref _sendingStarted, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        _elapsedMs = (_samplesPerPacket / 8) - (int)_clock.Period.TotalMilliseconds;
        _clock.Add(this);
    }

    private int _sendingStarted;

    /// <summary>What this call plays: play lists of prompts, tones and silence, with pause, resume and stop (see <see cref="PlaybackQueue"/>).</summary>
    public PlaybackQueue Playback => _playout.Queue;

    /// <summary>Plays <paramref name="audio"/> from its start in place of anything playing; completes when it ends, is stopped or replaced.</summary>
    public async Task<PlaybackResult> PlayAsync(EncodedAudio audio, CancellationToken cancellationToken = default)
    {
        var played = await _playout.Queue.PlayAsync([PlayItem.Of(audio)], replace: true, cancellationToken);
        return played[0].Result;
    }

    /// <summary>Stops playback and drops queued play lists (within one tick); their tasks complete with Stopped.</summary>
    public void StopPlayback() => _playout.Queue.Stop();

    /// <summary>The call is over: playback and digits being sent end (as Cancelled), and nothing plays any more.</summary>
    public void EndPlayback() => _playout.Close();

    /// <summary>
    /// Sends a key press to the peer: RFC 4733 telephone-events when negotiated, else the key's two
    /// tones in-band (see <see cref="DigitSender"/>). Completes when it is all sent.
    /// </summary>
    public Task SendDigitAsync(char digit, TimeSpan duration, byte volume = 10) =>
        _playout.Digits.SendAsync(digit.ToString(), duration, TimeSpan.Zero, volume);

    /// <summary>Sends key presses one after another, each <paramref name="toneLength"/> long and followed by <paramref name="gap"/> of silence.</summary>
    /// <exception cref="ArgumentException">A character is not a DTMF key (0-9 * # A-D).</exception>
    public Task SendDigitsAsync(string digits, TimeSpan toneLength, TimeSpan gap, byte volume = 10) =>
        _playout.Digits.SendAsync(digits, toneLength, gap, volume);

    private void Send(ReadOnlySpan<byte> packet)
    {
        try
        {
            if (Volatile.Read(ref _sending))
            {
                _socket.SendTo(packet, SocketFlags.None, Volatile.Read(ref _remote));
                Interlocked.Increment(ref _sent);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ICMP unreachable or closing: the next tick tries again; the call decides when to give up.
        }
    }

    public void OnTick(long tick)
    {
        // Before this tick's sending: the receive side reads where our stream stands.
        _receiver?.OnTick(Interlocked.Read(ref _sentSamples), Recorder);
        CheckTimeout();
        ReportIfDue();
        _elapsedMs += (int)_clock.Period.TotalMilliseconds;
        var ptime = _samplesPerPacket / 8;
        if (_elapsedMs < ptime)
        {
            return;
        }

        _elapsedMs -= ptime;
        SendNextPacket();
    }

    /// <summary>
    /// On the clock thread, once per packet time: the slot's content from the playout, with its
    /// header. The timestamp advances every slot, sent or not (RFC 3550 §5.1: it follows the
    /// sampling clock); the sequence number only per packet sent; after slots with nothing sent
    /// (pause) the next packet carries the marker bit, as after a silence-suppressed gap (RFC 3551 §4.1).
    /// </summary>
    private void SendNextPacket()
    {
        var payload = _packet.AsSpan(RtpHeader.FixedLength, _samplesPerPacket);
        var frame = _playout.Next(payload, _timestamp);
        if (frame.Kind == OutgoingFrameKind.Nothing)
        {
            _markNext = true;
        }
        else
        {
            var payloadType = frame.Kind == OutgoingFrameKind.TelephoneEvent ? _options.TelephoneEventPayloadType!.Value : _options.PayloadType;
            if (frame.Kind == OutgoingFrameKind.Audio && Recorder is { } recorder)
            {
                var n = DecodeTo8k(payload, _sentDecoder, _sentPcm);
                recorder.Write(Recording.RecordedSide.Server, Interlocked.Read(ref _sentSamples), _sentPcm.AsSpan(0, n));
            }

            new RtpHeader(_markNext || frame.Marker, (byte)payloadType, _sequence, frame.Timestamp, _ssrc).TryWrite(_packet, out _);
            _markNext = false;
            _sequence++;
            Send(_packet.AsSpan(0, RtpHeader.FixedLength + frame.Length));
        }

        Interlocked.Add(ref _sentSamples, _samplesPerPacket);
        _timestamp += (uint)_samplesPerPacket;
    }

    /// <summary>A datagram from the socket's receive loop, stamped on arrival (see <see cref="CallerTimeline"/>).</summary>
    public void OnDatagram(ReadOnlySpan<byte> packet, SocketAddress source) => OnPacket(packet, source, System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>On the clock thread: an RTCP report every ~5 s (randomised, RFC 3550 §6.3), no timer per call.</summary>
    private void ReportIfDue()
    {
        _msToReport -= _clock.Period.TotalMilliseconds;
        if (_msToReport > 0)
        {
            return;
        }

        _msToReport = NextReportDelay(initial: false);
        if (Volatile.Read(ref _rtcp) is not { } rtcp)
        {
            if (Interlocked.Exchange(ref _rtcpRequested, 1) == 0)
            {
                // Socket calls stay off the clock thread.
                _ = Task.Run(OpenRtcp);
            }

            return;
        }

        var sent = Interlocked.Read(ref _sent);
        rtcp.SendReport(sent > 0, sent, sent * _samplesPerPacket, _timestamp);
    }

    /// <summary>On the clock thread: one comparison per tick, no timer per call.</summary>
    private void CheckTimeout()
    {
        if (_options.RtpTimeout is not { } limit || !Volatile.Read(ref _sending) || Volatile.Read(ref _timedOut) != 0)
        {
            return;
        }

        if (Environment.TickCount64 - Volatile.Read(ref _lastReceivedMs) > limit.TotalMilliseconds && Interlocked.Exchange(ref _timedOut, 1) == 0)
        {
            RtpTimeout?.Invoke();
        }
    }

    private void OnPacket(ReadOnlySpan<byte> packet, SocketAddress source, long arrival)
    {
        if (!RtpHeader.TryRead(packet, out var header, out var offset, out var length))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        var receiver = _receiver!;
        if (!receiver.IsNegotiated(header.PayloadType))
        {
            // Never negotiated: not audio we can play, and never a reason to latch.
            Interlocked.Increment(ref _unknownPayload);
            return;
        }

        if (!_guard.TryAccept(source, header.SequenceNumber, Volatile.Read(ref _lastReceivedMs), out var latchedNow))
        {
            return;
        }

        if (latchedNow is not null)
        {
            _latched = (IPEndPoint)_options.RemoteEndPoint.Create(latchedNow);
            Volatile.Write(ref _remote, latchedNow);
        }

        Interlocked.Increment(ref _received);
        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        _latchedSsrc = header.Ssrc;
        if (header.PayloadType == _options.PayloadType)
        {
            Volatile.Read(ref _rtcp)?.SetRemoteSsrc(header.Ssrc);
        }

        receiver.OnPacket(header, packet.Slice(offset, length), arrival, Recorder is not null);
    }

    private void OnDigit(DtmfDigit digit)
    {
        Interlocked.Increment(ref _digitCount);
        _digits.Writer.TryWrite(digit);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _clock.Remove(this);
        _playout.Close();

        _rtpSocket.Detach();
        if (_ownsSocket)
        {
            await _rtpSocket.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _rtcp, null) is { } rtcp)
        {
            _lastRtcpStats = (rtcp.ReportsSent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip);
            await rtcp.DisposeAsync();
        }

        _digits.Writer.TryComplete();
    }
}
