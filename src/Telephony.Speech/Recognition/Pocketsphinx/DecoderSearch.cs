using Telephony.Speech.Recognition.Grammars;

namespace Telephony.Speech.Recognition.Pocketsphinx;

/// <summary>What a decoder searches for, already checked in managed code; it sets itself up on a new decoder.</summary>
internal abstract class DecoderSearch
{
    /// <summary>Identifies the search for pooling: decoders set up for the same key are interchangeable.</summary>
    public abstract string Key { get; }

    /// <summary>True when the decoder needs the whole dictionary (free speech); otherwise only <see cref="Words"/> are added to an empty one.</summary>
    public virtual bool NeedsFullDictionary => false;

    public virtual IReadOnlyList<string> Words => [];

    /// <summary>Whether the search spots keywords (its segments are the detections, the text is built from them).</summary>
    public virtual bool IsKeywordSpotting => false;

    public abstract void SetUp(PocketsphinxDecoder decoder);
}

internal sealed class GrammarSearch(JsgfGrammar grammar) : DecoderSearch
{
    public override string Key { get; } = "jsgf:" + grammar.Text;

    public override IReadOnlyList<string> Words => grammar.Words;

    public override void SetUp(PocketsphinxDecoder decoder) => decoder.UseGrammar(grammar.Text);
}

internal sealed class KeywordSearch(KeywordList keywords) : DecoderSearch
{
    public override string Key { get; } = "kws:" + keywords.FileText();

    public override IReadOnlyList<string> Words => keywords.Words;

    public override bool IsKeywordSpotting => true;

    public override void SetUp(PocketsphinxDecoder decoder)
    {
        // ps_set_kws reads keywords from a file only; the file is read at once and removed.
        var path = Path.Combine(Path.GetTempPath(), $"telephony-kws-{Guid.NewGuid():N}.txt");
        try
        {
            File.WriteAllText(path, keywords.FileText());
            decoder.UseKeywordFile(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

internal sealed class LanguageModelSearch(string path) : DecoderSearch
{
    public override string Key { get; } = "lm:" + path;

    public override bool NeedsFullDictionary => true;

    public override void SetUp(PocketsphinxDecoder decoder) => decoder.UseLanguageModel(path);
}
