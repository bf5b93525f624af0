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
    private byte _silence;
    private readonly Lock _playLock = new();
    private readonly Channel<DtmfDigit> _digits = Channel.CreateUnbounded<DtmfDigit>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _stop = new();
    private readonly Rfc4733Decoder _dtmf = new();
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
    }

    public int BoundPort { get; }

    /// <summary>DTMF digits as they arrive, one per key press.</summary>
    public ChannelReader<DtmfDigit> Digits => _digits.Reader;

    public RtpSessionStats Stats => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _received), Interlocked.Read(ref _malformed), Interlocked.Read(ref _digitCount), _latched);

    /// <summary>
    /// Sets what was negotiated, for sessions bound before the SDP answer existed (the answer
    /// carries the bound port). Only before <see cref="Start"/>.
    /// </summary>
    public void Configure(IPEndPoint remote, AudioEncoding encoding, int payloadType, int? telephoneEventPayloadType, int ptimeMs)
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
            PtimeMs = ptimeMs,
        };
        ApplyMediaFormat();
    }

    private void ApplyMediaFormat()
    {
        _samplesPerPacket = 8 * Math.Clamp(_options.PtimeMs / 10 * 10, 10, 60);
        _packet = new byte[RtpHeader.FixedLength + _samplesPerPacket];
        _silence = G711.SilenceByte(_options.Encoding);
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
        _latched = null;
        Volatile.Write(ref _sending, send);
    }

    private bool _sending = true;

    /// <summary>Starts receiving and sending (silence until something plays).</summary>
    public void Start()
    {
        if (_receiveLoop is not null)
        {
            return;
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _clock.Add(this);
    }

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

    public void OnTick(long tick)
    {
        _elapsedMs += (int)_clock.Period.TotalMilliseconds;
        var ptime = _samplesPerPacket / 8;
        if (_elapsedMs < ptime)
        {
            return;
        }

        _elapsedMs -= ptime;
        var payload = _packet.AsSpan(RtpHeader.FixedLength);
        TaskCompletionSource<PlaybackResult>? finished = null;
        lock (_playLock)
        {
            if (_playing is { } audio)
            {
                var n = Math.Min(payload.Length, audio.Data.Length - _position);
                audio.Data.AsSpan(_position, n).CopyTo(payload);
                payload[n..].Fill(_silence);
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
                payload.Fill(_silence);
            }
        }

        new RtpHeader(_first, (byte)_options.PayloadType, _sequence, _timestamp, _ssrc).TryWrite(_packet, out _);
        _first = false;
        _sequence++;
        _timestamp += (uint)_samplesPerPacket;
        try
        {
            if (Volatile.Read(ref _sending))
            {
                _socket.SendTo(_packet, SocketFlags.None, Volatile.Read(ref _remote));
                Interlocked.Increment(ref _sent);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // ICMP unreachable or closing: the next tick tries again; the call decides when to give up.
        }

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
                OnPacket(buffer.AsSpan(0, n), source);
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

    private void OnPacket(ReadOnlySpan<byte> packet, SocketAddress source)
    {
        if (!RtpHeader.TryRead(packet, out var header, out var offset, out var length))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        Interlocked.Increment(ref _received);
        if (_latched is null)
        {
            // Symmetric RTP: answer where the caller's media really comes from (NAT-safe).
            var copy = new SocketAddress(source.Family, source.Size);
            source.Buffer.Span[..source.Size].CopyTo(copy.Buffer.Span);
            _latched = (IPEndPoint)_options.RemoteEndPoint.Create(copy);
            Volatile.Write(ref _remote, copy);
        }

        if (header.PayloadType == _options.TelephoneEventPayloadType
            && _dtmf.TryDecode(packet.Slice(offset, length), header.Timestamp, out var digit))
        {
            Interlocked.Increment(ref _digitCount);
            _digits.Writer.TryWrite(digit);
        }
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
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
        }

        _digits.Writer.TryComplete();
        _stop.Dispose();
    }
}
