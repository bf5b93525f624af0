using System.Globalization;

namespace Telephony.Dialplan.Simulation;

/// <summary>One thing the simulated caller does.</summary>
public abstract record SimulatedInput
{
    /// <summary>A phone key (0-9 * # A-D).</summary>
    public sealed record Key(char Digit) : SimulatedInput
    {
        public override string ToString() => Digit.ToString();
    }

    /// <summary>Words spoken (<c>say:report an outage</c>).</summary>
    public sealed record Say(string Words) : SimulatedInput
    {
        public override string ToString() => $"say:{Words}";
    }

    /// <summary>Silence for a while (<c>wait:5s</c>).</summary>
    public sealed record Wait(TimeSpan Duration) : SimulatedInput
    {
        public override string ToString() => $"wait:{Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
    }

    /// <summary>The caller hangs up.</summary>
    public sealed record Hangup : SimulatedInput
    {
        public override string ToString() => "hangup";
    }

    /// <summary>How the next transfer goes (<c>transfer:ok</c>, <c>transfer:fail</c>); transfers succeed unless told.</summary>
    public sealed record TransferResult(bool Succeeds) : SimulatedInput
    {
        public override string ToString() => Succeeds ? "transfer:ok" : "transfer:fail";
    }

    /// <summary>
    /// Reads <c>--input</c>: tokens separated by spaces. A run of keys may be written together
    /// (<c>1234#</c>; the keys A-D alone and in capitals); <c>say:</c> takes the words after it up to the next token that is a key run,
    /// <c>wait:</c>, <c>say:</c>, <c>transfer:</c> or <c>hangup</c> (quote words that look like keys:
    /// <c>say:'route 66'</c>); <c>wait:</c> takes a duration (<c>500ms</c>, <c>5s</c>, <c>2m</c>).
    /// </summary>
    public static IReadOnlyList<SimulatedInput> Parse(string text)
    {
        var result = new List<SimulatedInput>();
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("say:", StringComparison.OrdinalIgnoreCase))
            {
                var words = new List<string> { token[4..] };
                var quote = words[0].Length > 0 && words[0][0] is '\'' or '"' ? words[0][0] : '\0';
                while (i + 1 < tokens.Length && (quote != '\0' ? !EndsQuote(words[^1], quote, words.Count == 1) : !StartsToken(tokens[i + 1])))
                {
                    words.Add(tokens[++i]);
                }

                var said = string.Join(' ', words).Trim();
                if (quote != '\0' && said.Length >= 2 && said[^1] == quote)
                {
                    said = said[1..^1];
                }

                result.Add(said.Length == 0 ? throw new FormatException("say: needs words (say:hello)") : new Say(said));
            }
            else if (token.StartsWith("wait:", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new Wait(ParseDuration(token[5..])));
            }
            else if (token.Equals("hangup", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new Hangup());
            }
            else if (token.Equals("transfer:ok", StringComparison.OrdinalIgnoreCase) || token.Equals("transfer:fail", StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new TransferResult(token.EndsWith("ok", StringComparison.OrdinalIgnoreCase)));
            }
            else if (IsKeys(token))
            {
                result.AddRange(token.Select(c => new Key(c)));
            }
            else
            {
                throw new FormatException($"'{token}' is not an input: use keys (1 2 #), say:words, wait:5s, transfer:ok|fail or hangup");
            }
        }

        return result;
    }

    private static bool EndsQuote(string word, char quote, bool first) => word.Length >= (first ? 2 : 1) && word[^1] == quote;

    private static bool StartsToken(string token) =>
        IsKeys(token) || token.Equals("hangup", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("say:", StringComparison.OrdinalIgnoreCase) || token.StartsWith("wait:", StringComparison.OrdinalIgnoreCase)
        || token.StartsWith("transfer:", StringComparison.OrdinalIgnoreCase);

    private static bool IsKeys(string token) => token.Length > 0 && token.All(c => char.IsAsciiDigit(c) || c is '*' or '#' || (c is >= 'A' and <= 'D' && token.Length == 1));

    /// <summary>500ms, 5s, 1.5s, 2m, 1h; a bare number is seconds.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? TimeSpan.FromSeconds(value * unit)
            : throw new FormatException($"'{text}' is not a duration (500ms, 5s, 2m)");
    }
}
