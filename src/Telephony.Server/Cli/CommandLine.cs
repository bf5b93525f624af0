using System.Globalization;

namespace Telephony.Server.Cli;

/// <summary>A parsed command line: flags with values, boolean switches, positional words.</summary>
/// <remarks>Accepts "--flag value" and "--flag=value"; rejects flags the command does not declare.</remarks>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _all = [];

    public List<string> Positional { get; } = [];

    public bool Help => _switches.Contains("--help") || _switches.Contains("-h");

    /// <summary>Parses <paramref name="args"/>; <paramref name="valued"/> take a value, <paramref name="switches"/> do not.</summary>
    /// <exception cref="UsageException">An unknown flag or a flag missing its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> switches)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                line._switches.Add("--help");
                continue;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                line.Positional.Add(arg);
                continue;
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (valued.Contains(name))
            {
                string value;
                if (eq > 0)
                {
                    value = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value");
                }

                line._values[name] = value;
                line._all.Add(new(name, value));
            }
            else if (switches.Contains(name) && eq < 0)
            {
                line._switches.Add(name);
            }
            else
            {
                throw new UsageException($"unknown option '{name}'");
            }
        }

        return line;
    }

    public bool Has(string name) => _switches.Contains(name);

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    /// <summary>Every value of a flag that may be repeated (<c>--header A --header B</c>), in order; <see cref="Get(string)"/> keeps the last.</summary>
    public IReadOnlyList<string> GetAll(string name) => [.. _all.Where(v => v.Key == name).Select(v => v.Value)];

    public int GetInt(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{name} must be a whole number from {min} to {max} (got '{text}')");
        }

        return value;
    }
}

/// <summary>The user's command line is wrong; the message says how. Exit code 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
