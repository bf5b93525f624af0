namespace Telephony.Media.ComfortNoise;

/// <summary>
/// White noise at an RFC 3389 level, for the silence a caller's phone stopped sending
/// (discontinuous transmission): filling it with noise at the level the phone measured keeps the
/// recording from cutting to dead silence between words.
/// </summary>
/// <remarks>
/// 0 dBov is the codec's overload point: RFC 3389 §3.1 takes a full-scale square wave as the
/// reference, whose RMS is its peak; in 16-bit linear PCM that is 32767. Samples are uniform in
/// ±a, whose RMS is a/√3. A small xorshift generator: no allocation, and the same sequence every
/// call (tests can reproduce it; nobody hears the difference). Not thread-safe.
/// </remarks>
public sealed class ComfortNoiseGenerator
{
    private const double FullScaleRms = 32767;

    private uint _state = 0x9E3779B9;
    private int _amplitude;

    /// <summary>The level of the noise being made, in −dBov.</summary>
    public int LevelDbov { get; private set; } = ComfortNoisePayload.MaxLevelDbov;

    /// <summary>RMS of the noise made at <paramref name="levelDbov"/>, in 16-bit linear units.</summary>
    public static double Rms(int levelDbov) => FullScaleRms * Math.Pow(10, -Math.Clamp(levelDbov, 0, ComfortNoisePayload.MaxLevelDbov) / 20.0);

    public void SetLevel(int levelDbov)
    {
        LevelDbov = Math.Clamp(levelDbov, 0, ComfortNoisePayload.MaxLevelDbov);
        _amplitude = (int)Math.Min(short.MaxValue, Math.Round(Rms(LevelDbov) * Math.Sqrt(3)));
    }

    /// <summary>Fills <paramref name="pcm"/> with noise at the current level.</summary>
    public void Fill(Span<short> pcm)
    {
        if (_amplitude == 0)
        {
            pcm.Clear();
            return;
        }

        var span = (2 * _amplitude) + 1;
        for (var i = 0; i < pcm.Length; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            pcm[i] = (short)((int)(_state % (uint)span) - _amplitude);
        }
    }
}
