using Telephony.Speech.Synthesis;

namespace Telephony.Speech.Tests.Synthesis;

public class SayTextTests
{
    [TestCase("1234.5", "one thousand two hundred thirty four point five")]
    [TestCase("0", "zero")]
    [TestCase("-17", "minus seventeen")]
    [TestCase("1,000,000", "one million")]
    [TestCase("2000019", "two million nineteen")]
    [TestCase("3.05", "three point zero five")]
    [TestCase("110", "one hundred ten")]
    public void Numbers_in_English_words(string value, string expected) =>
        Assert.That(SayText.Render(value, SayKind.Number), Is.EqualTo(expected));

    [TestCase("12.50", "USD", "twelve dollars and fifty cents")]
    [TestCase("1", "USD", "one dollar")]
    [TestCase("1.01", "USD", "one dollar and one cent")]
    [TestCase("0.05", "USD", "five cents")]
    [TestCase("1234", "GBP", "one thousand two hundred thirty four pounds")]
    [TestCase("3.10", "GBP", "three pounds and ten pence")]
    [TestCase("20.999", "EUR", "twenty one euros")]
    [TestCase("500", "JPY", "five hundred yen")]
    [TestCase("-2.50", "USD", "minus two dollars and fifty cents")]
    [TestCase("7.25", "SEK", "seven point two five S E K")]
    public void Money_in_English_words(string value, string currency, string expected) =>
        Assert.That(SayText.Render(value, SayKind.Currency, "en-US", currency), Is.EqualTo(expected));

    [TestCase("4071", "four zero seven one")]
    [TestCase("12*#", "one two star pound")]
    public void Digits_one_by_one(string value, string expected) =>
        Assert.That(SayText.Render(value, SayKind.Digits), Is.EqualTo(expected));

    [TestCase("2026-01-02", "Friday, January second, twenty twenty six")]
    [TestCase("2000-12-31", "Sunday, December thirty first, two thousand")]
    [TestCase("1999-03-20", "Saturday, March twentieth, nineteen ninety nine")]
    [TestCase("2005-07-04", "Monday, July fourth, two thousand five")]
    [TestCase("1905-11-22", "Wednesday, November twenty second, nineteen oh five")]
    public void Dates_in_US_English(string value, string expected) =>
        Assert.That(SayText.Render(value, SayKind.Date), Is.EqualTo(expected));

    [TestCase("14:05", "two oh five P M")]
    [TestCase("09:00", "nine o'clock A M")]
    [TestCase("00:30", "twelve thirty A M")]
    [TestCase("12:00", "twelve noon")]
    [TestCase("23:45:10", "eleven forty five P M")]
    public void Times_in_US_English(string value, string expected) =>
        Assert.That(SayText.Render(value, SayKind.Time), Is.EqualTo(expected));

    [Test]
    public void Date_and_time_together() =>
        Assert.That(SayText.Render("2026-12-24T18:30", SayKind.DateTime), Is.EqualTo("Thursday, December twenty fourth, twenty twenty six at six thirty P M"));

    [TestCase("1234.5", SayKind.Number, "de", null, "1234,5")]
    [TestCase("1234.5", SayKind.Number, "zh", null, "1234.5")]
    [TestCase("12.50", SayKind.Currency, "de", "EUR", "12 Euro 50")]
    [TestCase("12.50", SayKind.Currency, "es", "EUR", "12 euros con 50")]
    [TestCase("12.50", SayKind.Currency, "zh", "CNY", "12.5 yuan2")]
    [TestCase("2026-01-02", SayKind.Date, "de", null, "2. Januar 2026")]
    [TestCase("2026-01-02", SayKind.Date, "fr-FR", null, "2 janvier 2026")]
    [TestCase("2026-01-02", SayKind.Date, "zh", null, "2026 nian2 1 yue4 2 ri4")]
    [TestCase("14:05", SayKind.Time, "de", null, "14:05")]
    [TestCase("4071", SayKind.Digits, "fr", null, "4 0 7 1")]
    public void Other_languages_get_numerals_espeak_ng_reads_natively(string value, SayKind kind, string language, string? currency, string expected) =>
        Assert.That(SayText.Render(value, kind, language, currency), Is.EqualTo(expected));

    [TestCase("abc", SayKind.Number, "a number like 1234.50")]
    [TestCase("2026-13-40", SayKind.Date, "a date YYYY-MM-DD")]
    [TestCase("25:00", SayKind.Time, "a time HH:MM")]
    [TestCase("soon", SayKind.DateTime, "a date and time")]
    public void A_value_that_is_not_of_its_kind_is_a_clear_error(string value, SayKind kind, string hint) =>
        Assert.That(() => SayText.Render(value, kind), Throws.TypeOf<SpeechException>().With.Message.Contains($"'{value}' cannot be said as").And.Message.Contains(hint));
}
