namespace Telephony.Dialplan.Model;

/// <summary>Open on <see cref="Day"/> from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive; 24:00 is midnight).</summary>
public sealed record OpenSpan(DayOfWeek Day, TimeSpan From, TimeSpan To);
