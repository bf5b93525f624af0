using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Telephony.Media.Wav;

namespace Telephony.Speech.Synthesis;

/// <summary>
/// Rendered TTS prompts on disk (the server's <c>DATA/prompt-cache</c>): one 16-bit mono WAV per
/// engine, voice, sample rate, speaking rate and text, named by the SHA-256 of those (64 hex
/// digits), so a prompt is rendered once and then read back, across calls and restarts.
/// </summary>
/// <remarks>
/// Files are written crash-safely: to a temporary file of their own, flushed to disk, then renamed,
/// so a reader sees a whole file or none (two processes rendering the same prompt both rename a
/// whole file). Requests for the same key while it renders share that one render. Thread-safe.
/// </remarks>
public sealed class PromptCache
{
    private readonly SpeechSynthesizers _engines;
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedPrompt>>> _rendering = new(StringComparer.Ordinal);
    private long _renders;

    public PromptCache(string folder, SpeechSynthesizers engines)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Folder = folder;
        _engines = engines;
    }

    public string Folder { get; }

    /// <summary>How many prompts this cache has rendered (not read back) since it was made.</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>True for a cache file name's stem: exactly 64 lowercase hex digits (nothing a path could be built from).</summary>
    public static bool IsKey(string text) =>
        text is { Length: 64 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The key of a rendering: a SHA-256 over the engine, voice, rate, speaking rate and text.</summary>
    public static string KeyOf(string engine, string voice, int sampleRate, double speakingRate, string text)
    {
        // Length-prefixed fields: ("a", "bc") and ("ab", "c") must not hash alike.
        var fields = new[] { engine, voice, sampleRate.ToString(CultureInfo.InvariantCulture), speakingRate.ToString("R", CultureInfo.InvariantCulture), text };
        var joined = string.Concat(fields.Select(f => f.Length.ToString(CultureInfo.InvariantCulture) + ":" + f));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    /// <summary>The WAV file of a key (which may not exist yet).</summary>
    public string PathOf(string key) =>
        IsKey(key) ? Path.Combine(Folder, key + ".wav") : throw new ArgumentException("not a prompt cache key", nameof(key));

    /// <summary>The cached WAV for <paramref name="request"/>, rendered first when it is not on disk.</summary>
    /// <exception cref="SpeechException">The engine could not speak it (the message says why); nothing is cached.</exception>
    public Task<CachedPrompt> GetAsync(SynthesisRequest request, CancellationToken cancellationToken = default)
    {
        var choice = _engines.Choose(request);
        var r = choice.Request;
        var key = KeyOf(choice.Engine.Engine, r.Voice!, r.SampleRate, r.SpeakingRate, r.Text);
        var path = PathOf(key);
        if (File.Exists(path))
        {
            return Task.FromResult(new CachedPrompt(key, path, choice.Engine.Engine, r.Voice!, Rendered: false));
        }

        var mine = new Lazy<Task<CachedPrompt>>(() => Task.Run(() => RenderAsync(choice, key, path)));
        var entry = _rendering.GetOrAdd(key, mine);
        return ReferenceEquals(entry, mine) ? entry.Value.WaitAsync(cancellationToken) : JoinAsync(entry.Value, cancellationToken);
    }

    /// <summary>Waits for a render another request started: the prompt, said not to be rendered by this one.</summary>
    private static async Task<CachedPrompt> JoinAsync(Task<CachedPrompt> render, CancellationToken cancellationToken) =>
        await render.WaitAsync(cancellationToken) with { Rendered = false };

    private async Task<CachedPrompt> RenderAsync(SpeechChoice choice, string key, string path)
    {
        try
        {
            if (File.Exists(path))
            {
                // Another render of this key finished between the caller's look and this one's start.
                return new CachedPrompt(key, path, choice.Engine.Engine, choice.Request.Voice!, Rendered: false);
            }

            // Not the caller's token: other callers share this render, and one hanging up must not spoil it for them.
            var pcm = new List<short>();
            await foreach (var chunk in choice.Engine.SynthesizeAsync(choice.Request))
            {
                pcm.AddRange(chunk.Span);
            }

            Directory.CreateDirectory(Folder);
            Write(path, choice.Request.SampleRate, [.. pcm]);
            Interlocked.Increment(ref _renders);
            return new CachedPrompt(key, path, choice.Engine.Engine, choice.Request.Voice!, Rendered: true);
        }
        finally
        {
            _rendering.TryRemove(key, out _);
        }
    }

    /// <summary>Header and samples to a temporary file of this writer's own, flushed, then renamed into place.</summary>
    private static void Write(string path, int rate, short[] samples)
    {
        var bytes = new byte[WavHeader.Length + (samples.Length * 2)];
        WavHeader.Write(bytes, rate, channels: 1, samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(WavHeader.Length + (2 * i)), samples[i]);
        }

        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}

/// <summary>A prompt in the cache.</summary>
/// <param name="Key">Its key (the file's name without .wav).</param>
/// <param name="Path">The WAV file.</param>
/// <param name="Rendered">True when this request rendered it; false when it was read back.</param>
public sealed record CachedPrompt(string Key, string Path, string Engine, string Voice, bool Rendered);
