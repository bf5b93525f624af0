using System.Buffers.Binary;
using Telephony.Media.Dtmf.InBand;
using Telephony.Media.Tones;

namespace Telephony.Media.Bridge;

/// <summary>
/// Turns RFC 4733 key presses arriving on one leg into the key's two tones for a leg that did not
/// negotiate telephone-event: as each event packet arrives, the tone is rendered up to the
/// duration it reports, stamped from the event's start, so the tones follow the key press as it
/// grows and end with it.
/// </summary>
/// <remarks>
/// The tones come from <see cref="ToneGenerator"/> (Q.23 frequencies, −7 dBm0 each, a ramp at the
/// start) at the receiving codec's rate. One thread (the arriving leg's receive loop); nothing
/// allocated per packet (a tone spec per key, once per process).
/// </remarks>
internal sealed class DigitToneRelay
{
    /// <summary>The longest press rendered (RFC 4733 durations can grow without end when the end packets are lost).</summary>
    private const int MaxTicks = 8000 * 10;

    private const int ChunkTicks = 160;

    private static readonly ToneSpec?[] Specs = new ToneSpec?[16];

    private readonly ToneGenerator _generator;
    private readonly int _samplesPerTick;
    private readonly short[] _pcm;
    private bool _haveEvent;
    private uint _eventTimestamp;
    private int _targetTicks;
    private int _renderedTicks;
    private bool _ended;

    public DigitToneRelay(int sampleRate)
    {
        _samplesPerTick = sampleRate / 8000;
        _pcm = new short[ChunkTicks * _samplesPerTick];
        _generator = new ToneGenerator(SpecFor(0), sampleRate);
    }

    /// <summary>A key's tone is being rendered: the arriving leg's own audio is replaced by it.</summary>
    public bool Active { get; private set; }

    /// <summary>RTP time where the rendered tone ends so far.</summary>
    public uint End => _eventTimestamp + (uint)_renderedTicks;

    /// <summary>An event packet at (mapped) RTP time <paramref name="timestamp"/>; true when it starts a new key press.</summary>
    public bool OnEvent(ReadOnlySpan<byte> payload, uint timestamp)
    {
        if (payload.Length < 4 || payload[0] > 15)
        {
            return false;
        }

        var duration = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(payload[2..]), MaxTicks);
        var isNew = !_haveEvent || timestamp != _eventTimestamp;
        if (isNew)
        {
            (_haveEvent, _eventTimestamp, _targetTicks, _renderedTicks, _ended, Active) = (true, timestamp, 0, 0, false, true);
            _generator.Start(SpecFor(payload[0]));
        }
        else if (_ended)
        {
            // The end packet's redundant copies (RFC 4733 §2.5.1.4).
            return false;
        }

        _targetTicks = Math.Max(_targetTicks, duration);
        _ended = (payload[1] & 0x80) != 0;
        return isNew;
    }

    /// <summary>The next piece of tone up to the duration reported so far; false when it is all rendered.</summary>
    public bool TryRender(out ReadOnlySpan<short> pcm, out uint timestamp)
    {
        var ticks = Math.Min(ChunkTicks, _targetTicks - _renderedTicks);
        if (ticks <= 0)
        {
            Active &= !_ended;
            pcm = default;
            timestamp = 0;
            return false;
        }

        var samples = _pcm.AsSpan(0, ticks * _samplesPerTick);
        _generator.Read(samples);
        pcm = samples;
        timestamp = End;
        _renderedTicks += ticks;
        return true;
    }

    /// <summary>The end never came (its packets lost) and the leg's audio has moved on: the tone stops.</summary>
    public void Stop() => (Active, _ended) = (false, true);

    private static ToneSpec SpecFor(int eventCode)
    {
        if (Specs[eventCode] is { } spec)
        {
            return spec;
        }

        DtmfKeypad.TryGetFrequencies(Dtmf.Rfc4733Decoder.ToChar((byte)eventCode), out var low, out var high);

        // No cadence: continuous, for as long as the press lasts.
        spec = new ToneSpec([new(low, ToneSpec.DefaultDtmfLevelDbm0), new(high, ToneSpec.DefaultDtmfLevelDbm0)], [], repeats: false);
        Specs[eventCode] = spec;
        return spec;
    }
}
