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
public sealed class PromptLibrary
{
    private readonly string _folder;
    private readonly ConcurrentDictionary<(string, AudioEncoding), Lazy<EncodedAudio>> _cache = new();

    public PromptLibrary(string folder) => _folder = folder;

    public string Folder => _folder;

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The prompt encoded for <paramref name="encoding"/>.</summary>
    /// <exception cref="FileNotFoundException">No such prompt file.</exception>
    /// <exception cref="InvalidDataException">The file is not a WAV we can read.</exception>
    public EncodedAudio Get(string name, AudioEncoding encoding)
    {
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

        var wav = WavReader.Read(path);
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
