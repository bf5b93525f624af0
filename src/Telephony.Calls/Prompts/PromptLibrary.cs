using System.Collections.Concurrent;
using Telephony.Media.Audio;
using Telephony.Media.Codecs;
using Telephony.Media.Rtp;
using Telephony.Media.Wav;

namespace Telephony.Calls.Prompts;

/// <summary>Prompt files from the prompts folder, converted once (8 kHz, or 16 kHz for G.722) and encoded once per codec.</summary>
/// <remarks>
/// Every call playing "welcome" shares one encoded buffer, so a thousand calls cost one copy.
/// A prompt is looked up as <c>NAME.wav</c>. Thread-safe.
/// </remarks>
public sealed class PromptLibrary
{
    private readonly string _folder;
    private readonly ConcurrentDictionary<(string, AudioEncoding), EncodedAudio> _cache = new();

    public PromptLibrary(string folder) => _folder = folder;

    public string Folder => _folder;

    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <summary>The prompt encoded for <paramref name="encoding"/>.</summary>
    /// <exception cref="FileNotFoundException">No such prompt file.</exception>
    /// <exception cref="InvalidDataException">The file is not a WAV we can read.</exception>
    public EncodedAudio Get(string name, AudioEncoding encoding) =>
        _cache.GetOrAdd((name, encoding), static (key, self) => self.Load(key.Item1, key.Item2), this);

    private EncodedAudio Load(string name, AudioEncoding encoding)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"prompt '{name}' not found (looked for {path})", path);
        }

        var wav = WavReader.Read(path);
        if (encoding == AudioEncoding.G722 && wav.SampleRate >= 16000)
        {
            // A wideband recording stays wideband for a wideband call.
            return EncodedAudio.FromPcm16k(wav.SampleRate == 16000 ? wav.Samples : Resampler.ToRate(wav.Samples, wav.SampleRate, 16000));
        }

        var pcm = wav.SampleRate == 8000 ? wav.Samples : Resampler.ToRate(wav.Samples, wav.SampleRate, 8000);
        return EncodedAudio.FromPcm(pcm, encoding);
    }

    private string PathOf(string name) => Path.Combine(_folder, name + ".wav");
}
