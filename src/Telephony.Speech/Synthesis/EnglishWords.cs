using System.Globalization;
using System.Numerics;
using System.Text;

namespace Telephony.Speech.Synthesis;

/// <summary>Numbers as US English words: "one thousand two hundred thirty four", years, ordinals, digits.</summary>
internal static class EnglishWords
{
    private static readonly string[] Ones =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static readonly string[] Scales = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion"];

    private static readonly string[] OrdinalOnes =
    [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    ];

    /// <summary>A whole number: 1234 → "one thousand two hundred thirty four" (no "and", as in US English).</summary>
    public static string Cardinal(BigInteger n)
    {
        if (n.IsZero)
        {
            return Ones[0];
        }

        if (n.Sign < 0)
        {
            return "minus " + Cardinal(-n);
        }

        var groups = new List<string>();
        for (var scale = 0; !n.IsZero; scale++)
        {
            var group = (int)(n % 1000);
            n /= 1000;
            if (group == 0)
            {
                continue;
            }

            if (scale >= Scales.Length)
            {
                throw new FormatException("the number is too large to read out");
            }

            groups.Insert(0, scale == 0 ? UnderThousand(group) : UnderThousand(group) + " " + Scales[scale]);
        }

        return string.Join(' ', groups);
    }

    /// <summary>A decimal: 1234.5 → "one thousand two hundred thirty four point five"; the fraction digit by digit, as written.</summary>
    public static string Decimal(string invariant)
    {
        var negative = invariant.StartsWith('-');
        var body = negative ? invariant[1..] : invariant;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? body : body[..dot];
        var words = new StringBuilder(negative ? "minus " : string.Empty);
        words.Append(Cardinal(BigInteger.Parse(whole.Length == 0 ? "0" : whole, NumberStyles.None, CultureInfo.InvariantCulture)));
        if (dot >= 0 && dot + 1 < body.Length)
        {
            words.Append(" point ").Append(Digits(body[(dot + 1)..]));
        }

        return words.ToString();
    }

    /// <summary>Each character on its own: "4 0 7 *" → "four zero seven star".</summary>
    public static string Digits(string value)
    {
        var words = new List<string>();
        foreach (var c in value)
        {
            var word = c switch
            {
                >= '0' and <= '9' => Ones[c - '0'],
                '*' => "star",
                '#' => "pound",
                '+' => "plus",
                _ when char.IsAsciiLetter(c) => char.ToUpperInvariant(c).ToString(),
                _ => null,
            };
            if (word is not null)
            {
                words.Add(word);
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>1 → "first", 22 → "twenty second" (days of the month).</summary>
    public static string Ordinal(int n)
    {
        if (n < 20)
        {
            return OrdinalOnes[n];
        }

        if (n < 100 && n % 10 == 0)
        {
            return Tens[n / 10][..^1] + "ieth";
        }

        return n < 100 ? Tens[n / 10] + " " + OrdinalOnes[n % 10] : Cardinal(n) + "th";
    }

    /// <summary>A year as Americans say it: 1999 "nineteen ninety nine", 2000 "two thousand", 2005 "two thousand five", 2024 "twenty twenty four".</summary>
    public static string Year(int year)
    {
        if (year is < 1100 or >= 10000 || year % 1000 < 10)
        {
            return Cardinal(year);
        }

        var high = year / 100;
        var low = year % 100;
        return low switch
        {
            0 => UnderThousand(high) + " hundred",
            < 10 => UnderThousand(high) + " oh " + Ones[low],
            _ => UnderThousand(high) + " " + UnderThousand(low),
        };
    }

    private static string UnderThousand(int n)
    {
        var parts = new List<string>();
        if (n >= 100)
        {
            parts.Add(Ones[n / 100] + " hundred");
            n %= 100;
        }

        if (n >= 20)
        {
            parts.Add(n % 10 == 0 ? Tens[n / 10] : Tens[n / 10] + " " + Ones[n % 10]);
        }
        else if (n > 0 || parts.Count == 0)
        {
            parts.Add(Ones[n]);
        }

        return string.Join(' ', parts);
    }
}
