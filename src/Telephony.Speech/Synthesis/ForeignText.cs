using System.Globalization;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// Values for espeak-ng in languages other than English: numerals written the way the language
/// writes them, which espeak-ng then reads natively ("1234,5" in German is "tausendzweihundert-
/// vierunddreißig Komma fünf"). Month names for the languages listed; others get ISO dates.
/// </summary>
internal static class ForeignText
{
    private static readonly Dictionary<string, string[]> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["de"] = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        ["fr"] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        ["es"] = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        ["it"] = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
        ["pt"] = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        ["nl"] = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    };

    // Languages that write a decimal point rather than a comma.
    private static readonly HashSet<string> DecimalPoint = new(StringComparer.OrdinalIgnoreCase) { "en", "zh", "cmn", "ja", "ko", "th", "he", "hi", "ta", "ms", "sw" };

    private static readonly Dictionary<string, (string De, string Fr, string Es)> CurrencyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = ("Euro", "euros", "euros"),
        ["USD"] = ("Dollar", "dollars", "dólares"),
        ["GBP"] = ("Pfund", "livres", "libras"),
        ["CHF"] = ("Franken", "francs", "francos"),
    };

    public static string Number(string invariant, string language) =>
        DecimalPoint.Contains(Primary(language)) ? invariant : invariant.Replace('.', ',');

    /// <summary>"12 Euro 50" (de), "12 euros 50" (fr), "12 euros con 50" (es), "12.50 yuan2" (Mandarin); other languages the amount and the code.</summary>
    public static string Money(decimal amount, string currency, string language)
    {
        var primary = Primary(language);
        if (MandarinText.IsMandarin(language))
        {
            var unit = currency.Equals("CNY", StringComparison.OrdinalIgnoreCase) ? "yuan2" : currency;
            return $"{amount.ToString("0.##", CultureInfo.InvariantCulture)} {unit}";
        }

        var whole = decimal.Truncate(amount).ToString(CultureInfo.InvariantCulture);
        var cents = (int)Math.Abs((amount - decimal.Truncate(amount)) * 100);
        if (CurrencyNames.TryGetValue(currency, out var names) && primary is "de" or "fr" or "es")
        {
            var name = primary switch { "de" => names.De, "fr" => names.Fr, _ => names.Es };
            var rest = cents == 0 ? string.Empty : primary == "es" ? $" con {cents}" : $" {cents}";
            return $"{whole} {name}{rest}";
        }

        return $"{Number(amount.ToString("0.00", CultureInfo.InvariantCulture), language)} {currency}";
    }

    public static string Date(DateOnly date, string language)
    {
        if (MandarinText.IsMandarin(language))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{date.Year} nian2 {date.Month} yue4 {date.Day} ri4");
        }

        var primary = Primary(language);
        if (!Months.TryGetValue(primary, out var months))
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // German reads "2." as the ordinal ("zweiter"); the others say the cardinal day.
        var day = primary == "de" ? date.Day + "." : date.Day.ToString(CultureInfo.InvariantCulture);
        var of = primary is "es" or "pt" ? " de " : " ";
        return string.Create(CultureInfo.InvariantCulture, $"{day}{of}{months[date.Month - 1]}{of}{date.Year}");
    }

    public static string Time(TimeOnly time, string language) =>
        MandarinText.IsMandarin(language)
            ? string.Create(CultureInfo.InvariantCulture, $"{time.Hour} dian3 {time.Minute} fen1")
            : time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Primary(string language)
    {
        var dash = language.IndexOfAny(['-', '_']);
        return (dash > 0 ? language[..dash] : language).ToLowerInvariant();
    }
}
