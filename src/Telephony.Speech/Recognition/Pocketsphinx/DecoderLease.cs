namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>What one recognition may take from its recogniser: a decoder for its search, when it needs one, and an audio buffer.</summary>
internal sealed class DecoderLease(DecoderPool pool, UtteranceAudioPool audio, string key, Func<PocketsphinxDecoder> create)
{
    public PocketsphinxDecoder Rent() => pool.Rent(key, create);

    public void Return(PocketsphinxDecoder decoder) => pool.Return(key, decoder);

    public void Discard(PocketsphinxDecoder decoder) => pool.Discard(key, decoder);

    public UtteranceAudio RentAudio() => audio.Rent();

    public void ReturnAudio(UtteranceAudio buffer) => audio.Return(buffer);
}
