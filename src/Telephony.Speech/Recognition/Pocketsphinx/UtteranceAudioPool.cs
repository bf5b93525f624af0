using System.Collections.Concurrent;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Utterance buffers for reuse: a recognition takes one at its start and gives it back at its end,
/// so a turn does not allocate a 128 KB buffer (the large-object heap) each time. Bounded: past
/// <see cref="Kept"/> buffers waiting, the one given back is left to the collector. Thread-safe.
/// </summary>
internal sealed class UtteranceAudioPool(int maxSamples)
{
    /// <summary>Buffers kept waiting at most (about 128 KB each, more after a long utterance).</summary>
    public const int Kept = 128;

    private readonly ConcurrentQueue<UtteranceAudio> _waiting = new();

    public UtteranceAudio Rent()
    {
        if (_waiting.TryDequeue(out var audio))
        {
            audio.Clear();
            return audio;
        }

        return new UtteranceAudio(maxSamples);
    }

    public void Return(UtteranceAudio audio)
    {
        if (_waiting.Count < Kept)
        {
            audio.Clear();
            _waiting.Enqueue(audio);
        }
    }
}
