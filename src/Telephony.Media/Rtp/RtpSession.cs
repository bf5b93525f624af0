using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf;
using Telephony.Media.Playback;
using Telephony.Media.Taps;

namespace Telephony.Media.Rtp;

/// <summary>The media of one call: wires its passive ports together and to the one media clock.</summary>
/// <remarks>
/// <para>
/// The ports (pjmedia's idea): <see cref="RtpTransport"/> (socket, latching, strict RTP, hold),
/// <see cref="RtpOutgoingStream"/> (our SSRC, sequence and timestamp), the playout (what we send:
/// <see cref="Playback"/> and digits), <see cref="RtpReceiver"/> (the caller's statistics, digits
/// and jitter buffer), <see cref="RtcpReporter"/>, and the audio taps. The clock pulls one packet
/// slot from the playout per packet time; the socket's receive loop pushes each datagram in through
/// <see cref="OnDatagram"/>, and on to a bridge when one is attached. Neither allocates per packet.
/// </para>
/// <para>
/// While a bridge relays media into this call, the playout is suspended (the bridge fills our
/// stream) and resumes where it stood when the bridge lets go.
/// </para>
/// </remarks>
public sealed class RtpSession : IMediaClockListener, IRtpPacketSink, IAsyncDisposable
{
    private RtpSessionOptions _options;
    private readonly MediaClock _clock;
    private readonly RtpSocket _rtpSocket;
    private readonly bool _ownsSocket;
    private readonly RtpTransport _transport;
    private readonly RtpOutgoingStream _outgoing;
    private readonly RtcpReporter _rtcp;
    private readonly Playout _playout = new();
    private readonly TapHub _receivedTaps = new(TapDirection.Received);
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Rtcp.RtpReceiverStatistics _receiveStats = new(8000);
    private byte[] _payload = [];
    private int _samplesPerPacket;
    private int _elapsedMs;
    private bool _receiving;
    private long _digitCount;
    private RtpReceiver? _receiver;
    private IRtpRelay? _relay;
    private int _sendingStarted;
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

        // RFC 3550 §5.1: random SSRC, first sequence number and timestamp; one draw for all three.
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        var ssrc = options.Ssrc ?? BinaryPrimitives.ReadUInt32BigEndian(random);
        _transport = new RtpTransport(socket.Socket, options.StrictRtpProbation, options.RemoteEndPoint);
        _outgoing = new RtpOutgoingStream(_transport, ssrc, BinaryPrimitives.ReadUInt16BigEndian(random[4..]), BinaryPrimitives.ReadUInt32BigEndian(random[6..]));
        BoundPort = socket.Port;
        _rtcp = new RtcpReporter(options.LocalAddress, BoundPort, ssrc, _receiveStats, options.RtcpInterval, options.RemoteEndPoint);
        ApplyMediaFormat();
    }

    public int BoundPort { get; }

    /// <summary>The socket the session sends and receives on.</summary>
    public RtpSocket Socket => _rtpSocket;

    /// <summary>DTMF digits as they arrive, one per key press (also while bridged: flows and CDRs read them here).</summary>
    public ChannelReader<DtmfDigit> Digits => _digits.Reader;

    public RtpSessionStats Stats
    {
        get
        {
            var rtcp = _rtcp.Counters;
            return new(_transport.Sent, _transport.Received, _transport.Malformed, Interlocked.Read(ref _digitCount), _transport.Latched,
                _transport.ForeignDropped, _transport.UnknownPayload, _transport.Relatches, rtcp.Sent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip,
                _receiver?.ComfortNoiseReceived ?? 0);
        }
    }

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
        _receiveStats.Received == 0 ? null : Quality.CallQualitySummary.From(_receiveStats, null, _rtcp.Counters.RoundTrip, _samplesPerPacket / 8);

    /// <summary>The caller's audio jitter buffer (null until the caller's audio has a listener and a packet came).</summary>
    internal Jitter.JitterBufferStats? CallerJitterStats => _receiver?.JitterStats;

    /// <summary>
    /// Adds a digit that arrived by signalling (SIP INFO) to the same stream as RFC 4733 digits,
    /// so the flow reads one source whatever the caller's phone uses.
    /// </summary>
    public void AddSignalledDigit(DtmfDigit digit) => OnDigit(digit);

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
        _rtcp.SetRemote(remote);
        _transport.Configure(remote, signallingSource);
    }

    /// <summary>When set (before <see cref="Start"/>), both directions are recorded into it (our side: the playout, or what a bridge relays to the caller).</summary>
    public Recording.CallRecorder? Recorder { get; set; }

    private long _sentSamples;
    private readonly short[] _sentPcm = new short[2 * 8 * 60];
    private Pcm8kDecoder? _sentDecoder;

    private void ApplyMediaFormat()
    {
        _samplesPerPacket = 8 * Math.Clamp(_options.PtimeMs / 10 * 10, 10, 60);
        _payload = new byte[_samplesPerPacket];
        _playout.Configure(_options.Encoding, _options.TelephoneEventPayloadType);
        _outgoing.Configure(_options.Encoding, _options.PayloadType);
    }

    /// <summary>
    /// Applies a mid-call change (re-INVITE/UPDATE): new remote address, or hold. While not
    /// sending, the clock still advances sequence and timestamp so the stream resumes cleanly, and
    /// whatever a bridge relays to this call is dropped. The next packet received re-latches symmetric RTP.
    /// </summary>
    public void UpdateRemote(IPEndPoint remote, bool send)
    {
        _rtcp.SetRemote(remote);
        _transport.Update(remote, send);
    }

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
        _receiver = new RtpReceiver(_options, _receiveStats, OnDigit, _receivedTaps);
        _sentDecoder = new Pcm8kDecoder(_options.Encoding);
        _transport.MarkAlive();
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

        _transport.MarkAlive();
        _elapsedMs = (_samplesPerPacket / 8) - (int)_clock.Period.TotalMilliseconds;
        _clock.Add(this);
    }

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

    /// <summary>
    /// Subscribes to this call's audio: <see cref="TapDirection.Received"/> is the caller's audio as
    /// it plays out of the jitter buffer (the buffer is built for it at the next packet if nothing
    /// listened before), <see cref="TapDirection.Sent"/> what we send (our playout or relayed audio).
    /// 20 ms frames at <paramref name="sampleRate"/> (8000 or 16000) into a ring of
    /// <paramref name="capacityFrames"/>; dispose the tap to detach. Any thread, any time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate other than 8000 or 16000, or a capacity outside 1–3000.</exception>
    /// <exception cref="ObjectDisposedException">The session has been disposed.</exception>
    public AudioTap Subscribe(TapDirection direction, int sampleRate, int capacityFrames = 50) =>
        (direction == TapDirection.Sent ? _outgoing.Taps : _receivedTaps).Subscribe(sampleRate, capacityFrames);

    public void OnTick(long tick)
    {
        // Before this tick's sending: the receive side reads where our stream stands.
        _receiver?.OnTick(Interlocked.Read(ref _sentSamples), Recorder);
        if (_transport.TimedOut(_options.RtpTimeout))
        {
            RtpTimeout?.Invoke();
        }

        var sent = _transport.Sent;
        _rtcp.OnTick(_clock.Period.TotalMilliseconds, sent, sent * _samplesPerPacket, _outgoing.Timestamp);
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
    /// On the clock thread, once per packet time: the slot's content from the playout. The
    /// timestamp advances every slot, sent or not (RFC 3550 §5.1); after slots with nothing sent
    /// (pause) the next packet carries the marker bit (RFC 3551 §4.1). While bridged the slot
    /// passes with nothing read from the playout: the bridge fills the stream.
    /// </summary>
    private void SendNextPacket()
    {
        var timestamp = _outgoing.Timestamp;
        if (Volatile.Read(ref _relay) is null)
        {
            var frame = _playout.Next(_payload, timestamp);
            if (frame.Kind == OutgoingFrameKind.Nothing)
            {
                _outgoing.MarkNext();
            }
            else
            {
                var payloadType = frame.Kind == OutgoingFrameKind.TelephoneEvent ? _options.TelephoneEventPayloadType!.Value : _options.PayloadType;
                if (frame.Kind == OutgoingFrameKind.Audio && Recorder is { } recorder)
                {
                    var n = _sentDecoder?.Decode(_payload.AsSpan(0, frame.Length), _sentPcm) ?? 0;
                    recorder.Write(Recording.RecordedSide.Server, Interlocked.Read(ref _sentSamples), _sentPcm.AsSpan(0, n));
                }

                _outgoing.Send(payloadType, frame.Marker, frame.Timestamp, _payload.AsSpan(0, frame.Length));
            }
        }

        Interlocked.Add(ref _sentSamples, _samplesPerPacket);
        _outgoing.Advance(_samplesPerPacket);
    }

    /// <summary>A datagram from the socket's receive loop, stamped on arrival (see <see cref="CallerTimeline"/>).</summary>
    public void OnDatagram(ReadOnlySpan<byte> packet, SocketAddress source) => OnPacket(packet, source, System.Diagnostics.Stopwatch.GetTimestamp());

    private void OnPacket(ReadOnlySpan<byte> packet, SocketAddress source, long arrival)
    {
        if (!RtpHeader.TryRead(packet, out var header, out var offset, out var length))
        {
            _transport.CountMalformed();
            return;
        }

        var receiver = _receiver!;
        if (!receiver.IsNegotiated(header.PayloadType))
        {
            // Never negotiated: not audio we can play, and never a reason to latch.
            _transport.CountUnknownPayload();
            return;
        }

        if (!_transport.TryAccept(header.SequenceNumber, source))
        {
            return;
        }

        if (header.PayloadType == _options.PayloadType)
        {
            _rtcp.SetRemoteSsrc(header.Ssrc);
        }

        var payload = packet.Slice(offset, length);
        receiver.OnPacket(header, payload, arrival, Recorder is not null);

        // After our own receive side (digits reach this call's channel first): on to the other leg.
        Volatile.Read(ref _relay)?.OnPacket(header, payload, arrival);
    }

    private void OnDigit(DtmfDigit digit)
    {
        Interlocked.Increment(ref _digitCount);
        _digits.Writer.TryWrite(digit);
    }

    /// <summary>The negotiated stream (what a bridge needs to relay into this call).</summary>
    internal RtpSessionOptions Options => _options;

    /// <summary>Our outgoing stream, for a bridge to send on.</summary>
    internal RtpOutgoingStream Outgoing => _outgoing;

    /// <summary>Whether the peer may get media now (false on hold).</summary>
    internal bool IsSending => _transport.IsSending;

    /// <summary>
    /// A bridge takes this call's media over: packets received go on to <paramref name="relay"/>,
    /// and our playout is suspended (the bridge sends on our stream). False when another bridge holds it.
    /// </summary>
    internal bool TryAttachRelay(IRtpRelay relay)
    {
        if (Interlocked.CompareExchange(ref _relay, relay, null) is not null)
        {
            return false;
        }

        _outgoing.MarkNext();
        return true;
    }

    private RelayedRecording? _relayedRecording;

    /// <summary>A bridge sent <paramref name="payload"/> (audio in our codec) on our stream: into the recording, when there is one.</summary>
    internal void RecordRelayed(ReadOnlySpan<byte> payload)
    {
        if (Recorder is { } recorder)
        {
            // Built once, on the relaying receive loop, the first time a bridge relays to a recorded call.
            (_relayedRecording ??= new RelayedRecording(_options.Encoding)).Write(recorder, Interlocked.Read(ref _sentSamples), payload);
        }
    }

    /// <summary>The bridge let go: the playout fills our stream again, from where the relayed audio ended.</summary>
    internal void DetachRelay(IRtpRelay relay, uint? relayedEnd)
    {
        if (Interlocked.CompareExchange(ref _relay, null, relay) == relay)
        {
            _relayedRecording?.Restart();
            _outgoing.ResumeAfter(relayedEnd);
        }
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

        await _rtcp.DisposeAsync();
        _receivedTaps.Complete();
        _outgoing.Taps.Complete();
        _digits.Writer.TryComplete();
    }
}
