namespace Telephony.Speech.Recognition.Whisper;

/// <summary>The eleven numbers at the start of a ggml Whisper model, in file order.</summary>
/// <param name="Vocabulary">Tokens the decoder predicts: 51864 English-only, 51865 multilingual, 51866 large-v3.</param>
/// <param name="AudioContext">Encoder positions: 1500 (30 s of audio at 20 ms each).</param>
/// <param name="AudioState">Encoder width.</param>
/// <param name="AudioHeads">Encoder attention heads.</param>
/// <param name="AudioLayers">Encoder blocks: 4 tiny, 6 base, 12 small, 24 medium, 32 large.</param>
/// <param name="TextContext">Decoder positions: 448.</param>
/// <param name="TextState">Decoder width (equal to the encoder's).</param>
/// <param name="TextHeads">Decoder attention heads.</param>
/// <param name="TextLayers">Decoder blocks.</param>
/// <param name="Mels">Mel bands of the input: 80, or 128 for large-v3.</param>
/// <param name="FileType">Weight storage as written: quantization version × 1000 + ggml ftype (1 = F16).</param>
public readonly record struct WhisperHyperParameters(
    int Vocabulary,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int Mels,
    int FileType)
{
    /// <summary>Vocabulary size from which a model is multilingual (it then has a token per language).</summary>
    public const int MultilingualVocabulary = 51865;

    public bool IsMultilingual => Vocabulary >= MultilingualVocabulary;

    /// <summary>The OpenAI size this depth is (tiny, base, small, medium, large), or "custom".</summary>
    public string SizeName => AudioLayers switch
    {
        4 => "tiny",
        6 => "base",
        12 => "small",
        24 => "medium",
        32 => "large",
        _ => "custom",
    };
}
