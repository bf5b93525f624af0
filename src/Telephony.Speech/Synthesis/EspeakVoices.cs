using System.Globalization;
using System.Text.RegularExpressions;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// The voices of the installed espeak-ng, as <c>espeak-ng --voices</c> lists them, and the choice
/// of one for a request (by voice name, else by language, Mandarin always to pinyin).
/// </summary>
public sealed partial class EspeakVoices
{
    /// <summary>espeak-ng renders at 22.05 kHz.</summary>
    public const int NativeRate = 22050;

    private readonly Dictionary<string, string> _byName;

    public EspeakVoices(IReadOnlyList<SpeechVoice> voices, IReadOnlyDictionary<string, string> aliases)
    {
        ArgumentNullException.ThrowIfNull(voices);
        ArgumentNullException.ThrowIfNull(aliases);
        Voices = voices;
        _byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, voice) in aliases)
        {
            _byName[alias] = voice;
        }

        // A voice's own name wins over another voice's alias.
        foreach (var voice in voices)
        {
            _byName[voice.Name] = voice.Name;
        }
    }

    public IReadOnlyList<SpeechVoice> Voices { get; }

    /// <summary>Parses the table <c>espeak-ng --voices</c> prints (Pty, Language, Age/Gender, VoiceName, File, Other Languages).</summary>
    public static EspeakVoices Parse(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var voices = new List<SpeechVoice>();
        var aliases = new Dictionary<string, (string Voice, int Priority)>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in listing.Split('\n').Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 5 || !int.TryParse(columns[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            var name = columns[1];
            if (voices.Any(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            voices.Add(new SpeechVoice(name, MandarinText.IsMandarin(name) ? "zh" : name, NativeRate));
            foreach (Match other in OtherLanguage().Matches(line))
            {
                // "(fr 5)" on fr-fr and "(fr 8)" on fr-be: the lower number is espeak-ng's own first choice.
                var priority = int.Parse(other.Groups[2].Value, CultureInfo.InvariantCulture);
                var alias = other.Groups[1].Value;
                if (!aliases.TryGetValue(alias, out var known) || priority < known.Priority)
                {
                    aliases[alias] = (name, priority);
                }
            }
        }

        return new EspeakVoices(voices, aliases.ToDictionary(a => a.Key, a => a.Value.Voice, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The espeak-ng voice for a request: its voice, else its language (a region falls back to the language); Mandarin is always pinyin.</summary>
    /// <exception cref="SpeechException">No such voice or language here.</exception>
    public string Choose(string? voice, string? language)
    {
        var wanted = voice ?? language ?? "en";
        if (MandarinText.IsMandarin(wanted))
        {
            return MandarinText.PinyinVoice;
        }

        if (_byName.TryGetValue(wanted, out var found))
        {
            return found;
        }

        var dash = wanted.IndexOfAny(['-', '_']);
        if (voice is null && dash > 0 && _byName.TryGetValue(wanted[..dash], out found))
        {
            return found;
        }

        var kind = voice is null ? "language" : "voice";
        throw new SpeechException($"espeak-ng: no {kind} '{wanted}' installed (see `espeak-ng --voices`; e.g. de, fr, es, it, pt, nl, ru, cmn-latn-pinyin)");
    }

    [GeneratedRegex(@"\(([A-Za-z0-9-]+) (\d{1,3})\)")]
    private static partial Regex OtherLanguage();
}
