namespace Telephony.Speech.Recognition.Grammars;

/// <summary>One choice of a speech menu: its name (also said by callers) and other ways to say it.</summary>
/// <param name="Name">The choice, e.g. <c>billing</c>; a caller may say it.</param>
/// <param name="Synonyms">Other phrases that pick it, e.g. <c>accounts</c>, <c>pay my bill</c>.</param>
public sealed record MenuChoice(string Name, IReadOnlyList<string> Synonyms)
{
    public MenuChoice(string name, params string[] synonyms)
        : this(name, (IReadOnlyList<string>)synonyms)
    {
    }

    /// <summary>The name and the synonyms: every phrase that picks this choice.</summary>
    public IEnumerable<string> Phrases => Synonyms.Prepend(Name);
}
