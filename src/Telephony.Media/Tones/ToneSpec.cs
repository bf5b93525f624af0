using System.Globalization;
using Telephony.Media.Dtmf.InBand;

namespace Telephony.Media.Tones;

/// <summary>What a <see cref="ToneGenerator"/> plays: a sum of sines switched on and off by a cadence.</summary>
/// <remarks>
/// The cadence lists durations in milliseconds, alternately on and off, starting with on. An empty
/// cadence is a continuous tone; a cadence that does not repeat ends after its last entry. No
/// frequencies at all is silence for the cadence's length.
/// </remarks>
public sealed class ToneSpec
{
    /// <summary>Default DTMF level, per frequency: −7 dBm0, about what a keypad sends.</summary>
    public const double DefaultDtmfLevelDbm0 = -7;

    private readonly ToneFrequency[] _frequencies;
    private readonly int[] _cadenceMs;

    public ToneSpec(IEnumerable<ToneFrequency> frequencies, IEnumerable<int> cadenceMs, bool repeats)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        ArgumentNullException.ThrowIfNull(cadenceMs);
        _frequencies = [.. frequencies];
        _cadenceMs = [.. cadenceMs];
        foreach (var f in _frequencies)
        {
            if (!(f.Hz > 0 && f.Hz < 4000) || double.IsNaN(f.LevelDbm0))
            {
                throw new ArgumentOutOfRangeException(nameof(frequencies), f, "frequencies must lie between 0 and 4000 Hz, levels must be numbers");
            }
        }

        if (_cadenceMs.Any(ms => ms <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cadenceMs), "cadence durations must be positive");
        }

        if (repeats && _cadenceMs.Length == 0)
        {
            throw new ArgumentException("a repeating tone needs a cadence", nameof(repeats));
        }

        Repeats = repeats;
    }

    /// <summary>The sines played together while the cadence is on.</summary>
    public IReadOnlyList<ToneFrequency> Frequencies => _frequencies;

    /// <summary>On, off, on, … durations in milliseconds; empty for a continuous tone.</summary>
    public IReadOnlyList<int> CadenceMs => _cadenceMs;

    /// <summary>Whether the cadence starts over after its last entry.</summary>
    public bool Repeats { get; }

    internal ReadOnlySpan<ToneFrequency> FrequencySpan => _frequencies;

    internal ReadOnlySpan<int> CadenceSpan => _cadenceMs;

    /// <summary>A key's two Q.23 tones for <paramref name="durationMs"/>, both at one level per frequency.</summary>
    public static ToneSpec Dtmf(char key, int durationMs, double levelDbm0 = DefaultDtmfLevelDbm0) =>
        Dtmf(key, durationMs, levelDbm0, levelDbm0);

    /// <summary>A key's two tones with separate levels: the high group minus the low group is the twist.</summary>
    public static ToneSpec Dtmf(char key, int durationMs, double lowGroupDbm0, double highGroupDbm0)
    {
        if (!DtmfKeypad.TryGetFrequencies(key, out var low, out var high))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{key}' is not a DTMF key (0-9, *, #, A-D)"), nameof(key));
        }

        return new ToneSpec([new(low, lowGroupDbm0), new(high, highGroupDbm0)], [durationMs], repeats: false);
    }

    /// <summary>North American ringback: 440 + 480 Hz at −19 dBm0 each, 2 s on, 4 s off (Precise Tone Plan).</summary>
    public static ToneSpec RingbackNorthAmerica { get; } = new([new(440, -19), new(480, -19)], [2000, 4000], repeats: true);

    /// <summary>
    /// European ringback: 425 Hz, 1 s on, 4 s off (ITU-T E.180's recommended frequency and a common
    /// cadence); the level is set nationally, −13 dBm0 is a middle choice.
    /// </summary>
    public static ToneSpec RingbackEurope { get; } = new([new(425, -13)], [1000, 4000], repeats: true);

    /// <summary>North American busy: 480 + 620 Hz at −24 dBm0 each, 0.5 s on, 0.5 s off (Precise Tone Plan).</summary>
    public static ToneSpec BusyNorthAmerica { get; } = new([new(480, -24), new(620, -24)], [500, 500], repeats: true);

    /// <summary>A 200 ms 1000 Hz beep at −10 dBm0, e.g. before recording.</summary>
    public static ToneSpec Beep { get; } = new([new(1000, -10)], [200], repeats: false);

    /// <summary>Silence for <paramref name="durationMs"/>.</summary>
    public static ToneSpec Silence(int durationMs) => new([], [durationMs], repeats: false);
}
