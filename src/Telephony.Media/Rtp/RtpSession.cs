using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Telephony.Media.Clock;
using Telephony.Media.Codecs;
using Telephony.Media.Dtmf;

namespace Telephony.Media.Rtp;

/// <summary>The media of one call: sends prompt audio (or silence) paced by the shared clock, receives RTP and DTMF.</summary>
/// <remarks>
/// Sending runs on the clock thread from a preallocated packet buffer to a cached socket address;
/// receiving runs one async loop on a buffer rented once. Neither allocates per packet. The
/// playback state is shared by the clock thread and the call's flow under one small lock.
/// </remarks>
public sealed class RtpSession : IMediaClockListener, IAsyncDisposable
{
    private RtpSessionOptions _options;
    private readonly MediaClock _clock;
    private readonly Socket _socket;
    private byte[] _packet = [];
    private int _samplesPerPacket;
    private byte[] _silence = [];
    private readonly Lock _playLock = new();
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stop = new();
    private readonly uint _ssrc;
    private SocketAddress _remote = null!;
    private IPEndPoint? _latched;
    private ushort _sequence;
    private uint _timestamp;
    private bool _first = true;
    private int _elapsedMs;
    private EncodedAudio? _playing;
    private int _position;
    private TaskCompletionSource<PlaybackResult>? _playback;
    private Task? _receiveLoop;
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

    /// <summary>Binds the local port (throws <see cref="SocketException"/> when it is taken).</summary>
    public RtpSession(RtpSessionOptions options, MediaClock clock)
    {
        _options = options;
        _clock = clock;
        ApplyMediaFormat();
        _ssrc = options.Ssrc ?? (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
        _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        _guard = new RtpSourceGuard(options.StrictRtpProbation);
        _socket = new Socket(options.LocalAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (options.LocalAddress.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = true;
        }

        try
        {
            _socket.Bind(new IPEndPoint(options.LocalAddress, options.LocalPort));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        BoundPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
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
        if (_receiveLoop is not null)
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
        _silence = AudioEncodings.SilenceFrame(_options.Encoding, _samplesPerPacket);
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
        if (_receiveLoop is not null)
        {
            return;
        }

        // Set up once, for the format negotiated by now (Configure is refused after this).
        _receiver = new RtpReceiver(_options, _receiveStats, OnDigit);
        _sentDecoder = new Pcm8kDecoder(_options.Encoding);
        Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
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

    /// <summary>Plays <paramref name="audio"/> from its start; completes when it ends, is stopped or replaced.</summary>
    public Task<PlaybackResult> PlayAsync(EncodedAudio audio, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<PlaybackResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource<PlaybackResult>? previous;
        lock (_playLock)
        {
            previous = _playback;
            _playing = audio;
            _position = 0;
            _playback = completion;
        }

        previous?.TrySetResult(PlaybackResult.Stopped);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => Finish(completion, PlaybackResult.Cancelled));
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            Finish(completion, PlaybackResult.Cancelled);
        }

        return completion.Task;
    }

    /// <summary>Stops the current playback (within one tick); its task completes with Stopped.</summary>
    public void StopPlayback()
    {
        TaskCompletionSource<PlaybackResult>? current;
        lock (_playLock)
        {
            current = _playback;
        }

        if (current is not null)
        {
            Finish(current, PlaybackResult.Stopped);
        }
    }

    /// <summary>
    /// Sends a key press to the peer as RFC 4733 telephone-events (when negotiated): a start packet
    /// with the marker bit, an update every packet time with the growing duration, all with the
    /// timestamp of the event's start, then the end packet three times (§2.5.1.4). Without
    /// telephone-event the key is played in-band as its two tones. Completes when it is all sent.
    /// </summary>
    public Task SendDigitAsync(char digit, TimeSpan duration, byte volume = 10)
    {
        if (_options.TelephoneEventPayloadType is null)
        {
            var pcm = new short[(int)(duration.TotalSeconds * 8000)];
            new Tones.ToneGenerator(Tones.ToneSpec.Dtmf(digit, (int)duration.TotalMilliseconds)).Read(pcm);
            return PlayAsync(EncodedAudio.FromPcm(pcm, _options.Encoding));
        }

        var code = Rfc4733Encoder.EventCode(digit);
        var outgoing = new OutgoingEvent(code, Math.Min(volume, (byte)63), (int)Math.Clamp(duration.TotalSeconds * 8000, _samplesPerPacket, ushort.MaxValue));
        lock (_playLock)
        {
            _events.Enqueue(outgoing);
        }

        return outgoing.Done.Task;
    }

    /// <summary>One key press being sent as telephone-events.</summary>
    private sealed class OutgoingEvent(byte code, byte volume, int durationSamples)
    {
        public byte Code { get; } = code;

        public byte Volume { get; } = volume;

        public int DurationSamples { get; } = durationSamples;

        public uint Timestamp { get; set; }

        public int Sent { get; set; }

        public int EndsSent { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private readonly Queue<OutgoingEvent> _events = new();
    private readonly byte[] _eventPacket = new byte[RtpHeader.FixedLength + 4];

    /// <summary>On the clock thread: the next packet of the current event, if one is being sent.</summary>
    private bool TrySendEvent()
    {
        OutgoingEvent? current;
        lock (_playLock)
        {
            if (!_events.TryPeek(out current))
            {
                return false;
            }
        }

        var start = current.Sent == 0;
        if (start)
        {
            current.Timestamp = _timestamp;
        }

        current.Sent = Math.Min(current.Sent + _samplesPerPacket, current.DurationSamples);
        var end = current.Sent >= current.DurationSamples;
        new RtpHeader(start, (byte)_options.TelephoneEventPayloadType!.Value, _sequence, current.Timestamp, _ssrc).TryWrite(_eventPacket, out _);
        Rfc4733Encoder.Write(_eventPacket.AsSpan(RtpHeader.FixedLength), current.Code, end, current.Volume, (ushort)current.Sent);
        Interlocked.Add(ref _sentSamples, _samplesPerPacket);
        _sequence++;
        _timestamp += (uint)_samplesPerPacket;
        Send(_eventPacket);
        if (end && ++current.EndsSent == 3)
        {
            lock (_playLock)
            {
                _events.Dequeue();
            }

            current.Done.TrySetResult();
        }

        return true;
    }

    private void Send(byte[] packet)
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
        if (TrySendEvent())
        {
            return;
        }

        var payload = _packet.AsSpan(RtpHeader.FixedLength);
        TaskCompletionSource<PlaybackResult>? finished = null;
        lock (_playLock)
        {
            if (_playing is { } audio)
            {
                var n = Math.Min(payload.Length, audio.Data.Length - _position);
                audio.Data.AsSpan(_position, n).CopyTo(payload);
                _silence.AsSpan(n).CopyTo(payload[n..]);
                _position += n;
                if (_position >= audio.Data.Length)
                {
                    finished = _playback;
                    _playing = null;
                    _playback = null;
                }
            }
            else
            {
                _silence.CopyTo(payload);
            }
        }

        if (Recorder is { } recorder)
        {
            var n = DecodeTo8k(payload, _sentDecoder, _sentPcm);
            recorder.Write(Recording.RecordedSide.Server, Interlocked.Read(ref _sentSamples), _sentPcm.AsSpan(0, n));
        }

        Interlocked.Add(ref _sentSamples, _samplesPerPacket);
        new RtpHeader(_first, (byte)_options.PayloadType, _sequence, _timestamp, _ssrc).TryWrite(_packet, out _);
        _first = false;
        _sequence++;
        _timestamp += (uint)_samplesPerPacket;
        Send(_packet);
        finished?.TrySetResult(PlaybackResult.Completed);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(2048);
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, source, _stop.Token);
                OnPacket(buffer.AsSpan(0, n), source, System.Diagnostics.Stopwatch.GetTimestamp());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Session closing.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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

    private void Finish(TaskCompletionSource<PlaybackResult> completion, PlaybackResult result)
    {
        lock (_playLock)
        {
            if (ReferenceEquals(_playback, completion))
            {
                _playing = null;
                _playback = null;
            }
        }

        completion.TrySetResult(result);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _clock.Remove(this);
        TaskCompletionSource<PlaybackResult>? current;
        lock (_playLock)
        {
            current = _playback;
        }

        if (current is not null)
        {
            Finish(current, PlaybackResult.Cancelled);
        }

        await _stop.CancelAsync();
        _socket.Dispose();
        if (Interlocked.Exchange(ref _rtcp, null) is { } rtcp)
        {
            _lastRtcpStats = (rtcp.ReportsSent, rtcp.Received, rtcp.Malformed, rtcp.RoundTrip);
            await rtcp.DisposeAsync();
        }

        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _digits.Writer.TryComplete();
        _stop.Dispose();
    }
}
