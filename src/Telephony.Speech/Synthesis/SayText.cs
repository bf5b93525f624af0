using System.Globalization;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// Turns a value the dialplan says (<c>say: ... as: number|digits|currency|date|time|datetime</c>)
/// into text for a synthesiser. English gets words ("twelve dollars and fifty cents"), because
/// flite reads numerals in ways a caller would not expect ("12.50" as "twelve point five zero").
/// Other languages get numerals laid out as that language writes them (decimal comma, "12 Euro 50",
/// "14:05", Mandarin "2024 nian2 1 yue4 2 ri4"), which espeak-ng reads natively in that language.
/// </summary>
/// <remarks>Pure: no engine, no culture data (the server runs with invariant globalisation).</remarks>
public static class SayText
{
    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>The text to synthesise for <paramref name="value"/> read as <paramref name="kind"/> in <paramref name="language"/>.</summary>
    /// <param name="currency">ISO 4217 code for <see cref="SayKind.Currency"/> (USD when null).</param>
    /// <exception cref="SpeechException">The value cannot be read that way; the message says what was expected.</exception>
    public static string Render(string value, SayKind kind, string? language = "en-US", string? currency = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var english = language is null || SynthesisChecks.IsLanguage(language, "en");
        try
        {
            return kind switch
            {
                SayKind.Digits => english ? EnglishWords.Digits(text) : string.Join(' ', text.Where(c => !char.IsWhiteSpace(c))),
                SayKind.Number => english ? EnglishWords.Decimal(Number(text)) : ForeignText.Number(Number(text), language!),
                SayKind.Currency => english ? EnglishMoney(Money(text), currency ?? "USD") : ForeignText.Money(Money(text), currency ?? "USD", language!),
                SayKind.Date => english ? EnglishDate(Date(text)) : ForeignText.Date(Date(text), language!),
                SayKind.Time => english ? EnglishTime(Time(text)) : ForeignText.Time(Time(text), language!),
                SayKind.DateTime => SayDateTime(text, english, language!),
                _ => throw new SpeechException($"say: unknown kind {kind}"),
            };
        }
        catch (FormatException e)
        {
            throw new SpeechException($"say: '{value}' cannot be said as {kind.ToString().ToLowerInvariant()}: {e.Message}", e);
        }
    }

    private static string SayDateTime(string text, bool english, string language)
    {
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            throw new FormatException("expected a date and time like 2026-12-24T18:30");
        }

        var date = DateOnly.FromDateTime(at);
        var time = TimeOnly.FromDateTime(at);
        return english ? $"{EnglishDate(date)} at {EnglishTime(time)}" : $"{ForeignText.Date(date, language)} {ForeignText.Time(time, language)}";
    }

    /// <summary>The number in invariant form ("1234.5", "-3"), from what a flow may hold ("1,234.50", "$12.50").</summary>
    private static string Number(string text)
    {
        var cleaned = text.TrimStart('$', '€', '£', '¥').Replace(",", string.Empty, StringComparison.Ordinal);
        if (!decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException("expected a number like 1234.50");
        }

        return n.ToString(CultureInfo.InvariantCulture);
    }

    private static decimal Money(string text) => Math.Round(decimal.Parse(Number(text), CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero);

    private static DateOnly Date(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new FormatException("expected a date YYYY-MM-DD");

    private static TimeOnly Time(string text) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t
            : throw new FormatException("expected a time HH:MM (24-hour)");

    /// <summary>12.50 USD → "twelve dollars and fifty cents"; 1 → "one dollar"; 0.05 → "five cents".</summary>
    private static string EnglishMoney(decimal amount, string currency)
    {
        var (major, majorPlural, minor, minorPlural) = currency.ToUpperInvariant() switch
        {
            "USD" => ("dollar", "dollars", "cent", "cents"),
            "CAD" => ("Canadian dollar", "Canadian dollars", "cent", "cents"),
            "AUD" => ("Australian dollar", "Australian dollars", "cent", "cents"),
            "EUR" => ("euro", "euros", "cent", "cents"),
            "GBP" => ("pound", "pounds", "penny", "pence"),
            "JPY" => ("yen", "yen", null, null),
            "CNY" => ("yuan", "yuan", null, null),
            "INR" => ("rupee", "rupees", "paisa", "paise"),
            "CHF" => ("Swiss franc", "Swiss francs", "centime", "centimes"),
            _ => (null, null, null, null),
        };
        var negative = amount < 0 ? "minus " : string.Empty;
        amount = Math.Abs(amount);
        if (major is null)
        {
            // A currency without names here: the amount, then its code spelled out.
            return $"{negative}{EnglishWords.Decimal(amount.ToString("0.00", CultureInfo.InvariantCulture))} {EnglishWords.Digits(currency)}";
        }

        var whole = decimal.Truncate(amount);
        var cents = (int)((amount - whole) * 100);
        if (minor is null)
        {
            return negative + Counted(decimal.Round(amount), major, majorPlural!);
        }

        if (whole == 0 && cents > 0)
        {
            return negative + Counted(cents, minor, minorPlural!);
        }

        var words = Counted(whole, major, majorPlural!);
        return negative + (cents == 0 ? words : $"{words} and {Counted(cents, minor, minorPlural!)}");
    }

    private static string Counted(decimal n, string one, string many) =>
        $"{EnglishWords.Cardinal(new System.Numerics.BigInteger(n))} {(n == 1 ? one : many)}";

    /// <summary>2026-01-02 → "Friday, January second, twenty twenty six" (en-US order).</summary>
    private static string EnglishDate(DateOnly date) =>
        $"{date.DayOfWeek}, {EnglishMonths[date.Month - 1]} {EnglishWords.Ordinal(date.Day)}, {EnglishWords.Year(date.Year)}";

    /// <summary>14:05 → "two oh five PM"; 09:00 → "nine o'clock AM"; 00:30 → "twelve thirty AM"; 12:00 → "twelve noon".</summary>
    private static string EnglishTime(TimeOnly time)
    {
        if (time is { Hour: 12, Minute: 0 })
        {
            return "twelve noon";
        }

        if (time is { Hour: 0, Minute: 0 })
        {
            return "twelve midnight";
        }

        var hour = EnglishWords.Cardinal(time.Hour % 12 == 0 ? 12 : time.Hour % 12);
        var half = time.Hour < 12 ? "A M" : "P M";
        var minutes = time.Minute switch
        {
            0 => "o'clock",
            < 10 => "oh " + EnglishWords.Cardinal(time.Minute),
            _ => EnglishWords.Cardinal(time.Minute),
        };
        return $"{hour} {minutes} {half}";
    }
}
