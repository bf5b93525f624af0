using System.Diagnostics;
using Telephony.Media.Audio;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;

namespace Telephony.Media.Bridge;

/// <summary>
/// One direction of a bridge: what one leg receives, rewritten into the other leg's outgoing
/// stream as it arrives (on the arriving leg's receive loop, not on a clock tick).
/// </summary>
/// <remarks>
/// <para>
/// Timestamps: the arriving stream's timestamps are moved onto the receiving leg's timeline by one
/// offset, fixed at the first packet (and again when the arriving SSRC changes), so timing, gaps
/// and event start stamps survive; the receiving leg's SSRC and sequence numbers continue what it
/// sent before (a ringback, a prompt), the first relayed packet with the marker bit.
/// </para>
/// <para>
/// Audio: the same codec at the same packet time is copied as it is. Otherwise it goes through the
/// codec ports (decode, 8 ↔ 16 kHz through <see cref="StreamResampler"/>, encode) and/or
/// <see cref="Repacketizer"/> to the receiving leg's packet time. RFC 4733 events go on as events
/// (the receiver's payload type) or, to a leg without telephone-event, as tones
/// (<see cref="DigitToneRelay"/>) in place of the audio. Comfort noise goes on only to a leg that
/// negotiated CN. A leg on hold drops what comes to it. Every buffer is allocated here, once.
/// </para>
/// </remarks>
internal sealed class RelayLeg : IRtpRelay
{
    private readonly RtpSession _to;
    private readonly RtpOutgoingStream _out;
    private readonly RelayCounters _counters;
    private readonly RelayCounters _total;
    private readonly RelayDelayHistogram _delay;
    private readonly RelayDelayHistogram _totalDelay;
    private readonly int _fromAudio;
    private readonly int? _fromEvent;
    private readonly int? _fromNoise;
    private readonly int _toAudio;
    private readonly int? _toEvent;
    private readonly int? _toNoise;
    private readonly bool _transcode;
    private readonly PcmCodec _decoder;
    private readonly PcmCodec _encoder;
    private readonly StreamResampler? _resampler;
    private readonly Repacketizer _packets;
    private readonly DigitToneRelay? _tones;
    private readonly short[] _pcmIn = new short[2 * RtpOutgoingStream.MaxPayloadBytes];
    private readonly short[] _pcmOut = new short[4 * RtpOutgoingStream.MaxPayloadBytes];
    private readonly byte[] _encoded = new byte[2 * RtpOutgoingStream.MaxPayloadBytes];
    private volatile bool _closed;
    private bool _mapped;
    private uint _sourceSsrc;
    private uint _offset;
    private bool _pendingMarker;
    private bool _haveEvent;
    private uint _lastEvent;
    private bool _haveEnd;
    private uint _end;

    public RelayLeg(RtpSession from, RtpSession to, RelayCounters counters, RelayCounters total, RelayDelayHistogram delay, RelayDelayHistogram totalDelay)
    {
        var source = from.Options;
        var target = to.Options;
        (_to, _out, _counters, _total, _delay, _totalDelay) = (to, to.Outgoing, counters, total, delay, totalDelay);
        (_fromAudio, _fromEvent, _fromNoise) = (source.PayloadType, source.TelephoneEventPayloadType, source.ComfortNoisePayloadType);
        (_toAudio, _toEvent, _toNoise) = (target.PayloadType, target.TelephoneEventPayloadType, target.ComfortNoisePayloadType);
        _transcode = source.Encoding != target.Encoding;
        _decoder = new PcmCodec(source.Encoding);
        _encoder = new PcmCodec(target.Encoding);
        if (_decoder.SampleRate != _encoder.SampleRate)
        {
            _resampler = new StreamResampler(_decoder.SampleRate, _encoder.SampleRate);
        }

        _packets = new Repacketizer(8 * Math.Clamp(target.PtimeMs / 10 * 10, 10, 60));
        _tones = _toEvent is null ? new DigitToneRelay(_encoder.SampleRate) : null;
    }

    /// <summary>Where the last relayed audio ended on the receiving leg's timeline (its playout resumes from there).</summary>
    public uint? RelayedEnd => Volatile.Read(ref _haveEnd) ? _end : null;

    /// <summary>The bridge is letting go: a packet still in flight on the receive loop is not sent over the resumed playout.</summary>
    public void Close() => _closed = true;

    public void OnPacket(in RtpHeader header, ReadOnlySpan<byte> payload, long arrival)
    {
        if (_closed)
        {
            return;
        }

        if (!_mapped || header.Ssrc != _sourceSsrc)
        {
            // The first packet, or the arriving leg's source changed: a new timeline, codec state afresh.
            (_mapped, _sourceSsrc, _offset) = (true, header.Ssrc, _out.Timestamp - header.Timestamp);
            _decoder.Reset();
            _encoder.Reset();
            _resampler?.Reset();
            _packets.Clear();
            _out.MarkNext();
        }

        var timestamp = header.Timestamp + _offset;
        if (header.PayloadType == _fromAudio)
        {
            Audio(header.Marker, timestamp, payload, arrival);
        }
        else if (header.PayloadType == _fromEvent)
        {
            Event(header.Marker, timestamp, payload, arrival);
        }
        else if (header.PayloadType == _fromNoise || header.PayloadType == RtpReceiver.ComfortNoisePayloadType)
        {
            ComfortNoise(timestamp, payload, arrival);
        }
    }

    private void Audio(bool marker, uint timestamp, ReadOnlySpan<byte> payload, long arrival)
    {
        if (_tones is { Active: true })
        {
            // A key press being played as tones replaces the audio; an end that never came ends it once the audio has moved well past.
            if ((int)(timestamp - _tones.End) < 8 * 100)
            {
                return;
            }

            _tones.Stop();
        }

        if (!_transcode && payload.Length == _packets.FrameBytes && _packets.IsEmpty)
        {
            Send(_toAudio, marker, timestamp, payload, arrival, transcoded: false, timestamp + (uint)payload.Length);
            return;
        }

        var bytes = payload;
        if (_transcode && payload.Length <= RtpOutgoingStream.MaxPayloadBytes)
        {
            var n = _decoder.Decode(payload, _pcmIn);
            ReadOnlySpan<short> pcm = _pcmIn.AsSpan(0, n);
            if (_resampler is not null)
            {
                pcm = _pcmOut.AsSpan(0, _resampler.Process(pcm, _pcmOut));
            }

            bytes = _encoded.AsSpan(0, _encoder.Encode(pcm, _encoded));
        }

        Append(marker, timestamp, bytes, arrival, _transcode);
    }

    private void Append(bool marker, uint timestamp, ReadOnlySpan<byte> bytes, long arrival, bool transcoded)
    {
        if (!_packets.Append(bytes, timestamp))
        {
            _counters.CountDropped();
            _total.CountDropped();
        }

        _pendingMarker |= marker;
        while (_packets.HasFrame)
        {
            var start = _packets.FrameTimestamp;
            Send(_toAudio, _pendingMarker, start, _packets.Frame, arrival, transcoded, start + (uint)_packets.FrameBytes);
            _pendingMarker = false;
            _packets.Consume();
        }
    }

    private void Event(bool marker, uint timestamp, ReadOnlySpan<byte> payload, long arrival)
    {
        var isKey = payload.Length >= 4 && payload[0] <= 15;
        if (isKey && (!_haveEvent || timestamp != _lastEvent))
        {
            (_haveEvent, _lastEvent) = (true, timestamp);
            _counters.CountDigit();
            _total.CountDigit();
        }

        if (_toEvent is { } eventType)
        {
            Send(eventType, marker, timestamp, payload, arrival, transcoded: false, end: null);
            return;
        }

        if (_tones is null || !isKey)
        {
            return;
        }

        var first = _tones.OnEvent(payload, timestamp);
        while (_tones.TryRender(out var pcm, out var toneStart))
        {
            var n = _encoder.Encode(pcm, _encoded);
            Append(first, toneStart, _encoded.AsSpan(0, n), arrival, transcoded: true);
            first = false;
        }
    }

    private void ComfortNoise(uint timestamp, ReadOnlySpan<byte> payload, long arrival)
    {
        if (_toNoise is not { } noiseType)
        {
            _counters.CountDropped();
            _total.CountDropped();
            return;
        }

        // Comfort noise closes a talk spurt: a part-filled packet has nothing left to join.
        _packets.Clear();
        Send(noiseType, marker: false, timestamp, payload, arrival, transcoded: false, end: timestamp);
    }

    private void Send(int payloadType, bool marker, uint timestamp, ReadOnlySpan<byte> payload, long arrival, bool transcoded, uint? end)
    {
        if (_closed || !_to.IsSending || !_out.Send(payloadType, marker, timestamp, payload))
        {
            // On hold (the Calls layer said so through UpdateRemote), or the socket refused.
            _counters.CountDropped();
            _total.CountDropped();
            return;
        }

        var sent = Stopwatch.GetTimestamp();
        if (payloadType == _toAudio)
        {
            _to.RecordRelayed(payload);
        }

        _counters.CountRelayed(transcoded);
        _total.CountRelayed(transcoded);
        _delay.Record(arrival, sent);
        _totalDelay.Record(arrival, sent);
        if (end is { } e)
        {
            _end = e;
            Volatile.Write(ref _haveEnd, true);
        }
    }
}
