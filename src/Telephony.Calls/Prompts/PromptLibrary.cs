using System.Collections.Concurrent;
using Telephony.Media.Audio;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Wav;

namespace Telephony.Calls.Prompts;

/// <summary>Prompt files from the prompts folder, converted once (8 kHz, or 16 kHz for G.722) and encoded once per codec.</summary>
/// <remarks>
/// Every call playing "welcome" shares one encoded buffer, so a thousand calls cost one copy.
/// A prompt is looked up as <c>NAME.wav</c>, in any format <see cref="WavReader"/> reads (PCM of
/// 8 to 32 bits, float, A-law, μ-law; mono or stereo; any rate, resampled by <see cref="Resampler"/>).
/// The first call to ask converts it and calls asking meanwhile wait for that one conversion
/// rather than each starting their own (a burst of calls on a fresh server would otherwise
/// resample a long prompt once per call). Thread-safe.
/// </remarks>
/// <para>
/// Rendered speech (the server's TTS prompt cache) is named <c>cache:KEY</c>, KEY being exactly 64
/// lowercase hex digits, and read from <see cref="CacheFolder"/>: nothing but such a key can
/// reach that folder, so a prompt name made from a caller's input cannot walk out of it. Those
/// files are read and encoded at each play rather than kept in memory: rendered values (an
/// amount, a date) are endless, and keeping each would grow the server without bound.
/// </para>
public sealed class PromptLibrary
{
    /// <summary>The prefix of a rendered prompt's name: <c>cache:</c> and the cache key.</summary>
    public const string CachePrefix = "cache:";

    private readonly string _folder;
    private readonly ConcurrentDictionary<(string, AudioEncoding), Lazy<EncodedAudio>> _cache = new();

    /// <param name="folder">The recordings.</param>
    /// <param name="cacheFolder">Rendered speech, played as <c>cache:KEY</c>; null when the server renders none.</param>
    public PromptLibrary(string folder, string? cacheFolder = null)
    {
        _folder = folder;
        CacheFolder = cacheFolder;
    }

    public string Folder => _folder;

    public string? CacheFolder { get; }

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>True for a key of the prompt cache: 64 lowercase hex digits, nothing a path could be built from.</summary>
    public static bool IsCacheKey(string key) =>
        key.Length == 64 && key.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The prompt encoded for <paramref name="encoding"/>.</summary>
    /// <exception cref="FileNotFoundException">No such prompt file.</exception>
    /// <exception cref="InvalidDataException">The file is not a WAV we can read.</exception>
    public EncodedAudio Get(string name, AudioEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(CachePrefix, StringComparison.Ordinal))
        {
            return Encode(ReadCached(name), encoding);
        }

        var entry = _cache.GetOrAdd((name, encoding), static (key, self) => new Lazy<EncodedAudio>(() => self.Load(key.Item1, key.Item2)), this);
        try
        {
            return entry.Value;
        }
        catch
        {
            // A failed load is not cached: the admin may add or fix the file while the server runs.
            _cache.TryRemove(new KeyValuePair<(string, AudioEncoding), Lazy<EncodedAudio>>((name, encoding), entry));
            throw;
        }
    }

    private EncodedAudio Load(string name, AudioEncoding encoding)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"prompt '{name}' not found (looked for {path})", path);
        }

        return Encode(WavReader.Read(path), encoding);
    }

    private WavAudio ReadCached(string name)
    {
        var key = name[CachePrefix.Length..];
        if (CacheFolder is null || !IsCacheKey(key))
        {
            throw new FileNotFoundException($"prompt '{name}' not found: a cached prompt is named cache: and 64 hex digits, and this server has {(CacheFolder is null ? "no prompt cache" : "its cache in " + CacheFolder)}");
        }

        var path = Path.Combine(CacheFolder, key + ".wav");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"cached prompt '{name}' not found (looked for {path})", path);
        }

        return WavReader.Read(path);
    }

    private static EncodedAudio Encode(WavAudio wav, AudioEncoding encoding)
    {
        if (encoding == AudioEncoding.G722)
        {
            // Straight to 16 kHz: a wideband recording stays wideband for a wideband call, and an 8 kHz one is converted once, not twice.
            return EncodedAudio.FromPcm16k(Resampler.ToRate(wav.Samples, wav.SampleRate, 16000));
        }

        var pcm = wav.SampleRate == 8000 ? wav.Samples : Resampler.ToRate(wav.Samples, wav.SampleRate, 8000);
        return EncodedAudio.FromPcm(pcm, encoding);
    }

    private string PathOf(string name) => Path.Combine(_folder, name + ".wav");
}
