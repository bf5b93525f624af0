using Telephony.Media.Audio;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>
/// Brings fed audio to the model's 16 kHz in the decoder's buffer: 8 kHz (telephone) audio is
/// upsampled with the media path's band-limited 2× filter, its history kept across frames so
/// frame edges add nothing; 16 kHz audio is copied. Buffers are sized once; nothing is allocated
/// per frame.
/// </summary>
internal sealed class TelephoneUpsampler
{
    /// <summary>Input taken per step: 60 ms at 16 kHz, the most the stream resampler takes.</summary>
    private const int Chunk = StreamResampler.MaxInputSamples;

    private readonly StreamResampler? _resampler;

    public TelephoneUpsampler(int inputRate)
    {
        InputRate = inputRate;
        _resampler = inputRate == 16000 ? null : new StreamResampler(inputRate, 16000);
        Output = new short[2 * Chunk];
        FlushSamples = _resampler is null ? 0 : ((Resampler.LowPassTaps(2).Length / 2) + 1) / 2;
    }

    public int InputRate { get; }

    /// <summary>The 16 kHz samples of the last step (from index 0).</summary>
    public short[] Output { get; }

    /// <summary>Input samples of silence that push the filter's delay (about 3 ms) out after the last input.</summary>
    public int FlushSamples { get; }

    /// <summary>Converts <paramref name="input"/> in steps, calling <paramref name="sink"/> with each step's sample count in <see cref="Output"/>.</summary>
    public void Convert(ReadOnlySpan<short> input, Action<short[], int> sink)
    {
        while (input.Length > 0)
        {
            var take = Math.Min(Chunk, input.Length);
            int written;
            if (_resampler is null)
            {
                input[..take].CopyTo(Output);
                written = take;
            }
            else
            {
                written = _resampler.Process(input[..take], Output);
            }

            sink(Output, written);
            input = input[take..];
        }
    }
}
