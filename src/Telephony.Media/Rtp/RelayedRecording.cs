using Telephony.Media.Codecs;
using Telephony.Media.Recording;

namespace Telephony.Media.Rtp;

/// <summary>
/// What a bridge relays to a recorded call, on the recording's our-side channel. Relayed packets
/// keep their sender's cadence, so they are laid end to end from where our stream stood when
/// relaying began, not at each packet's arrival; re-anchored when they fall 100 ms behind our
/// stream (a pause) or run 2 s ahead of it (a sender bursting, or its clock running fast).
/// </summary>
/// <remarks>The relaying leg's receive loop only; nothing allocated after construction.</remarks>
internal sealed class RelayedRecording(AudioEncoding encoding)
{
    private readonly Pcm8kDecoder _decoder = new(encoding);
    private readonly short[] _pcm = new short[Pcm8kDecoder.MaxPayloadBytes];
    private long _position = -1;

    /// <param name="ourPosition">Our stream's sent-sample count now (the recording's clock).</param>
    public void Write(CallRecorder recorder, long ourPosition, ReadOnlySpan<byte> payload)
    {
        if (_position < 0 || ourPosition - _position > 800 || _position - ourPosition > 16_000)
        {
            _position = ourPosition;
        }

        var n = _decoder.Decode(payload, _pcm);
        recorder.Write(RecordedSide.Server, _position, _pcm.AsSpan(0, n));
        _position += n;
    }

    /// <summary>A bridge let go: the next one anchors afresh.</summary>
    public void Restart() => _position = -1;
}
