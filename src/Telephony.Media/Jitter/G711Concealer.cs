using Telephony.Media.Codecs;

namespace Telephony.Media.Jitter;

/// <summary>
/// Turns <see cref="JitterBuffer"/> results into G.711 audio to send on: frames pass through,
/// a missing frame is replaced by the last good one once, then by silence.
/// </summary>
/// <remarks>
/// Repeating one 20 ms frame hides a single loss well; repeating longer turns into an audible buzz,
/// so later gaps are silent. One instance per stream; not thread-safe (the clock thread owns it).
/// </remarks>
public sealed class G711Concealer
{
    private readonly byte[] _last;
    private readonly byte _silence;
    private int _lastLength;
    private bool _canRepeat;

    /// <param name="encoding">The G.711 law, for the silence code.</param>
    /// <param name="frameBytes">Bytes per frame (8 per millisecond for G.711).</param>
    public G711Concealer(AudioEncoding encoding, int frameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameBytes);
        _last = new byte[frameBytes];
        _silence = G711.SilenceByte(encoding);
    }

    public int FrameBytes => _last.Length;

    /// <summary>
    /// Makes <paramref name="audio"/> playable for <paramref name="frame"/>, where
    /// <see cref="JitterBuffer.Get"/> wrote the payload. Returns the bytes to send.
    /// </summary>
    public int Render(JitterFrame frame, Span<byte> audio)
    {
        switch (frame.Status)
        {
            case JitterFrameStatus.Frame:
                _lastLength = Math.Min(frame.Length, _last.Length);
                audio[.._lastLength].CopyTo(_last);
                _canRepeat = true;
                return frame.Length;
            case JitterFrameStatus.Missing or JitterFrameStatus.Inserted when _canRepeat:
                _canRepeat = false;
                _last.AsSpan(0, _lastLength).CopyTo(audio);
                audio[_lastLength.._last.Length].Fill(_silence);
                return _last.Length;
            default:
                // After a pause, stale audio must not come back as concealment.
                _canRepeat = false;
                audio[.._last.Length].Fill(_silence);
                return _last.Length;
        }
    }
}
