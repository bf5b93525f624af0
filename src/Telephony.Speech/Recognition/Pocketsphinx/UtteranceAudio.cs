namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// The 16 kHz audio of the utterance being recognised, held by its recognition (not by a decoder:
/// a decoder is needed only for the decode at the end) and reused from <see cref="UtteranceAudioPool"/>
/// (it grows to the longest utterance seen, then stays).
/// </summary>
internal sealed class UtteranceAudio
{
    private short[] _samples = new short[16000 * 4];

    public UtteranceAudio(int maxSamples)
    {
        MaxSamples = maxSamples;
    }

    public int MaxSamples { get; }

    public int Count { get; private set; }

    /// <summary>The samples, from index 0, <see cref="Count"/> of them.</summary>
    public short[] Samples => _samples;

    public void Clear() => Count = 0;

    /// <exception cref="SpeechException">The utterance grew past <see cref="MaxSamples"/>.</exception>
    public void Append(short[] source, int count)
    {
        if (Count + count > MaxSamples)
        {
            throw new SpeechException($"utterance longer than {MaxSamples / 16000} s: pocketsphinx recognises one utterance at a time (cut long audio at pauses, or use the whisper engine for long free speech)");
        }

        if (Count + count > _samples.Length)
        {
            Array.Resize(ref _samples, Math.Min(MaxSamples, Math.Max(2 * _samples.Length, Count + count)));
        }

        Array.Copy(source, 0, _samples, Count, count);
        Count += count;
    }
}
