namespace Telephony.Dialplan.Model;

/// <summary>A closed day: a date, or the same day every year when <see cref="Year"/> is null.</summary>
public sealed record Holiday(int? Year, int Month, int Day)
{
    public bool Matches(DateOnly date) => date.Month == Month && date.Day == Day && (Year is null || Year == date.Year);
}
