using Telephony.Media.Codecs;
using Telephony.Media.Dtmf;
using Telephony.Media.Rtp;
using Telephony.Media.Tones;

namespace Telephony.Media.Playback;

/// <summary>
/// Sends key presses to the peer: as RFC 4733 telephone-events when negotiated, else in-band as
/// the key's two Q.23 tones. Digits take the stream over while they are sent (playback holds its
/// place and goes on after them), whether or not playback is paused.
/// </summary>
/// <remarks>
/// An event is a start packet with the marker bit, an update every packet time with the growing
/// duration, all stamped with the event's start, then the end packet three times (RFC 4733
/// §2.5.1.4). Each digit is followed by its gap of silence packets so the far end sees separate
/// presses. Flow threads queue digits; the clock thread reads frames. No allocation per frame.
/// </remarks>
internal sealed class DigitSender
{
    private readonly Lock _lock = new();
    private readonly Queue<Digit> _pending = new();
    private AudioEncoding _encoding;
    private int? _eventPayloadType;
    private byte[] _silence = SilenceFrames.Of(AudioEncoding.Pcmu);
    private bool _closed;

    /// <summary>One key press in progress; positions are in samples of the 8 kHz RTP clock.</summary>
    private sealed class Digit(byte code, byte volume, int toneSamples, int gapSamples, EncodedAudio? inBand, TaskCompletionSource? done)
    {
        public byte Code { get; } = code;

        public byte Volume { get; } = volume;

        public int ToneSamples { get; } = toneSamples;

        public int GapSamples { get; } = gapSamples;

        /// <summary>The rendered tones when the peer takes no telephone-events.</summary>
        public EncodedAudio? InBand { get; } = inBand;

        /// <summary>Completed after the last digit of a <see cref="SendAsync"/> call.</summary>
        public TaskCompletionSource? Done { get; } = done;

        public uint Timestamp { get; set; }

        public int Sent { get; set; }

        public int EndsSent { get; set; }

        public int GapSent { get; set; }
    }

    /// <summary>Whether digits go out as RFC 4733 events (the payload type) or in-band (null).</summary>
    public void Configure(AudioEncoding encoding, int? telephoneEventPayloadType)
    {
        var silence = SilenceFrames.Of(encoding);
        lock (_lock)
        {
            _encoding = encoding;
            _eventPayloadType = telephoneEventPayloadType;
            _silence = silence;
        }
    }

    public int? EventPayloadType
    {
        get
        {
            lock (_lock)
            {
                return _eventPayloadType;
            }
        }
    }

    /// <summary>Queues <paramref name="digits"/>; completes when the last one and its gap are sent, or at once when the call has ended.</summary>
    /// <exception cref="ArgumentException">A character is not a DTMF key.</exception>
    public Task SendAsync(string digits, TimeSpan toneLength, TimeSpan gap, byte volume)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var codes = digits.Select(Rfc4733Encoder.EventCode).ToArray();
        if (codes.Length == 0)
        {
            return Task.CompletedTask;
        }

        // Q.24 receivers may ignore a key shorter than 40 ms; the event's duration field holds at most 65535 samples (8.2 s).
        var toneSamples = (int)Math.Clamp(toneLength.TotalSeconds * 8000, 320, ushort.MaxValue);
        var gapSamples = (int)Math.Clamp(gap.TotalSeconds * 8000, 0, 8000 * 10);
        var (encoding, eventPayloadType) = (Encoding, EventPayloadType);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = new List<Digit>(codes.Length);
        for (var i = 0; i < codes.Length; i++)
        {
            var inBand = eventPayloadType is null
                ? ToneAudio.Render(ToneSpec.Dtmf(char.ToUpperInvariant(digits[i]), toneSamples / 8), encoding)
                : null;
            queued.Add(new Digit(codes[i], Math.Min(volume, (byte)63), toneSamples, gapSamples, inBand, i == codes.Length - 1 ? done : null));
        }

        lock (_lock)
        {
            if (_closed)
            {
                done.TrySetResult();
                return done.Task;
            }

            foreach (var digit in queued)
            {
                _pending.Enqueue(digit);
            }
        }

        return done.Task;
    }

    private AudioEncoding Encoding
    {
        get
        {
            lock (_lock)
            {
                return _encoding;
            }
        }
    }

    /// <summary>The call ended: pending digits are dropped and their tasks complete.</summary>
    public void Close()
    {
        Digit[] dropped;
        lock (_lock)
        {
            _closed = true;
            dropped = [.. _pending];
            _pending.Clear();
        }

        foreach (var digit in dropped)
        {
            digit.Done?.TrySetResult();
        }
    }

    /// <summary>On the clock thread: the next frame of the digit being sent; false when no digit is pending.</summary>
    /// <param name="timestamp">The RTP timestamp of this packet slot.</param>
    public bool TryRead(Span<byte> payload, uint timestamp, out OutgoingFrame frame)
    {
        Digit? digit;
        int? eventPayloadType;
        lock (_lock)
        {
            if (!_pending.TryPeek(out digit))
            {
                frame = default;
                return false;
            }

            eventPayloadType = _eventPayloadType;
        }

        var inTone = digit.Sent < digit.ToneSamples || (eventPayloadType is not null && digit.EndsSent < 3);
        if (inTone)
        {
            frame = digit.InBand is { } audio ? InBandTone(digit, audio, payload, timestamp) : Event(digit, payload, timestamp);
        }
        else
        {
            _silence.AsSpan(0, payload.Length).CopyTo(payload);
            digit.GapSent += payload.Length;
            frame = new OutgoingFrame(OutgoingFrameKind.Audio, payload.Length, timestamp, Marker: false);
        }

        var toneDone = digit.Sent >= digit.ToneSamples && (eventPayloadType is null || digit.EndsSent == 3);
        if (toneDone && digit.GapSent >= digit.GapSamples)
        {
            lock (_lock)
            {
                // Close may have emptied the queue since the peek.
                if (_pending.TryPeek(out var head) && ReferenceEquals(head, digit))
                {
                    _pending.Dequeue();
                }
            }

            digit.Done?.TrySetResult();
        }

        return true;
    }

    private OutgoingFrame InBandTone(Digit digit, EncodedAudio audio, Span<byte> payload, uint timestamp)
    {
        var at = Math.Min(digit.Sent, audio.Data.Length);
        var n = Math.Min(audio.Data.Length - at, payload.Length);
        audio.Data.AsSpan(at, n).CopyTo(payload);
        _silence.AsSpan(0, payload.Length - n).CopyTo(payload[n..]);
        digit.Sent += payload.Length;
        return new OutgoingFrame(OutgoingFrameKind.Audio, payload.Length, timestamp, Marker: false);
    }

    private static OutgoingFrame Event(Digit digit, Span<byte> payload, uint timestamp)
    {
        var start = digit.Sent == 0;
        if (start)
        {
            digit.Timestamp = timestamp;
        }

        digit.Sent = Math.Min(digit.Sent + payload.Length, digit.ToneSamples);
        var end = digit.Sent >= digit.ToneSamples;
        if (end)
        {
            digit.EndsSent++;
        }

        Rfc4733Encoder.Write(payload, digit.Code, end, digit.Volume, (ushort)digit.Sent);
        return new OutgoingFrame(OutgoingFrameKind.TelephoneEvent, 4, digit.Timestamp, start);
    }
}
