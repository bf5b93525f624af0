namespace Telephony.Media.Tones;

/// <summary>A country's call-progress tones: what a caller expects ringback and busy to sound like.</summary>
/// <remarks>
/// Callers recognise these tones by ear, so the plan must match the caller's network, not ours:
/// it is an option of the server (ITU/European by default). Immutable; the <see cref="ToneSpec"/>s
/// are shared, which also lets their rendered audio be cached once for every call.
/// </remarks>
public sealed class TonePlan
{
    private TonePlan(string name, ToneSpec ringback, ToneSpec busy, ToneSpec congestion)
    {
        Name = name;
        Ringback = ringback;
        Busy = busy;
        Congestion = congestion;
    }

    /// <summary>The plan's short name, as given to <see cref="TryParse"/>.</summary>
    public string Name { get; }

    /// <summary>Ringing tone: the called party is being alerted.</summary>
    public ToneSpec Ringback { get; }

    /// <summary>Busy tone: the called party is engaged.</summary>
    public ToneSpec Busy { get; }

    /// <summary>Congestion (reorder) tone: the network could not complete the call.</summary>
    public ToneSpec Congestion { get; }

    /// <summary>The 200 ms 1 kHz beep, the same everywhere (before recording, as a cue).</summary>
    public ToneSpec Beep { get; } = ToneSpec.Beep;

    /// <summary>
    /// ITU-T E.180 / CEPT: 425 Hz for every tone; ringing 1 s on, 4 s off; busy 0.5 s on, 0.5 s
    /// off; congestion 0.25 s on, 0.25 s off (the cadences most European networks use).
    /// </summary>
    public static TonePlan Europe { get; } = new(
        "eu",
        ToneSpec.RingbackEurope,
        new ToneSpec([new(425, -13)], [500, 500], repeats: true),
        new ToneSpec([new(425, -13)], [250, 250], repeats: true));

    /// <summary>
    /// North American Precise Tone Plan: ringback 440 + 480 Hz, 2 s on, 4 s off; busy 480 + 620 Hz,
    /// 0.5 s on, 0.5 s off; reorder 480 + 620 Hz, 0.25 s on, 0.25 s off.
    /// </summary>
    public static TonePlan NorthAmerica { get; } = new(
        "us",
        ToneSpec.RingbackNorthAmerica,
        ToneSpec.BusyNorthAmerica,
        new ToneSpec([new(480, -24), new(620, -24)], [250, 250], repeats: true));

    /// <summary>
    /// United Kingdom (BT SIN 350): ringing 400 + 450 Hz, 0.4 s on, 0.2 s off, 0.4 s on, 2 s off;
    /// busy 400 Hz, 0.375 s on and off; congestion 400 Hz, 0.4 s on, 0.35 s off, 0.225 s on, 0.525 s off.
    /// </summary>
    public static TonePlan UnitedKingdom { get; } = new(
        "uk",
        new ToneSpec([new(400, -19), new(450, -19)], [400, 200, 400, 2000], repeats: true),
        new ToneSpec([new(400, -13)], [375, 375], repeats: true),
        new ToneSpec([new(400, -13)], [400, 350, 225, 525], repeats: true));

    /// <summary>The plans by name: <c>eu</c> (also <c>itu</c>), <c>us</c> (also <c>na</c>), <c>uk</c>.</summary>
    public static bool TryParse(string? name, out TonePlan plan)
    {
        TonePlan? found = name?.Trim().ToUpperInvariant() switch
        {
            "EU" or "ITU" or "EUROPE" => Europe,
            "US" or "NA" or "NORTH-AMERICA" => NorthAmerica,
            "UK" or "GB" => UnitedKingdom,
            _ => null,
        };
        plan = found ?? Europe;
        return found is not null;
    }
}
