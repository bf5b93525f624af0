using Telephony.Speech.Recognition.Grammars;

namespace Telephony.Speech.Tests.Recognition;

/// <summary>JSGF checking, menu grammars and keyword lists: pure, against the model's real dictionary.</summary>
public class GrammarTests
{
    private static readonly PronunciationDictionary Dictionary = PronunciationDictionary.Load("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

    private static readonly MenuChoice[] Menu = [new("billing", "accounts", "pay my bill"), new("sales", "buy something")];

    [Test]
    public void A_menu_grammar_offers_every_choice_and_synonym_and_maps_each_back()
    {
        var menu = MenuGrammar.Build(Menu, Dictionary);
        var parsed = JsgfGrammar.Parse(menu.Jsgf);

        Assert.Multiple(() =>
        {
            Assert.That(menu.Jsgf, Does.Contain("public <choice> = billing | accounts | pay my bill | sales | buy something;"));
            Assert.That(parsed.Words, Is.EquivalentTo(new[] { "billing", "accounts", "pay", "my", "bill", "sales", "buy", "something" }));
            Assert.That(menu.ChoiceOf("accounts"), Is.EqualTo("billing"));
            Assert.That(menu.ChoiceOf("Buy  Something"), Is.EqualTo("sales"));
            Assert.That(menu.ChoiceOf("sales"), Is.EqualTo("sales"));
            Assert.That(menu.ChoiceOf("something"), Is.Null);
            Assert.That(menu.ChoiceOf(string.Empty), Is.Null);
        });
    }

    [Test]
    public void A_menu_word_missing_from_the_dictionary_is_an_error_naming_it()
    {
        var e = Assert.Throws<SpeechException>(() => MenuGrammar.Build([new("billing", "zorblax account")], Dictionary));

        Assert.That(e!.Message, Does.Contain("'zorblax'").And.Contain("not in the pronouncing dictionary").And.Contain("cmudict-en-us.dict"));
    }

    [TestCase("press 2", "spell numbers as words")]
    [TestCase("sales | billing", "'|'")]
    [TestCase("  ", "empty phrase")]
    public void A_malformed_phrase_is_an_error_with_a_hint(string synonym, string expected)
    {
        var e = Assert.Throws<SpeechException>(() => MenuGrammar.Build([new("billing", synonym)], Dictionary));

        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void A_phrase_of_two_choices_is_an_error()
    {
        var e = Assert.Throws<SpeechException>(() => MenuGrammar.Build([new("billing", "accounts"), new("sales", "Accounts")], Dictionary));

        Assert.That(e!.Message, Does.Contain("'accounts' picks both 'billing' and 'sales'"));
    }

    [Test]
    public void A_menu_without_choices_is_an_error()
    {
        Assert.Throws<SpeechException>(() => MenuGrammar.Build([], Dictionary));
    }

    [Test]
    public void Keyword_thresholds_shrink_with_the_phrase_length_unless_one_is_given()
    {
        var list = KeywordList.Build(["billing", "buy something"], Dictionary);
        var fixedList = KeywordList.Build(["billing"], Dictionary, 1e-20);

        Assert.Multiple(() =>
        {
            // billing: B IH1 L IH0 NG (5 phones) → 1e-10; buy something: 2 + 6 phones → 1e-16.
            Assert.That(list.FileText(), Is.EqualTo("billing /1e-10/\nbuy something /1e-16/\n"));
            Assert.That(fixedList.FileText(), Is.EqualTo("billing /1e-20/\n"));
            Assert.That(list.Words, Is.EqualTo(new[] { "billing", "buy", "something" }));
        });
    }

    [Test]
    public void A_keyword_missing_from_the_dictionary_or_a_bad_threshold_is_an_error()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => KeywordList.Build(["billing", "Qwzx"], Dictionary), Throws.TypeOf<SpeechException>().With.Message.Contain("'qwzx'"));
            Assert.That(() => KeywordList.Build(["billing"], Dictionary, 2), Throws.TypeOf<SpeechException>().With.Message.Contain("threshold"));
            Assert.That(() => KeywordList.Build([], Dictionary), Throws.TypeOf<SpeechException>());
        });
    }

    [Test]
    public void The_cards_grammar_parses_with_its_words()
    {
        var grammar = JsgfGrammar.Load(PocketsphinxTestData.CardsGrammar);

        Assert.Multiple(() =>
        {
            Assert.That(grammar.Name, Is.EqualTo("cards"));
            Assert.That(grammar.PublicRules, Is.EqualTo(new[] { "cards" }));
            Assert.That(grammar.Words, Does.Contain("of").And.Contain("clubs").And.Contain("lady").And.Contain("queen"));
            Assert.That(grammar.Words, Has.Count.EqualTo(1 + 4 + 14));
            Assert.That(grammar.Words, Has.None.Contain("<").And.None.Contain("|"));
        });
    }

    [Test]
    public void The_goforward_grammar_with_its_doc_comment_and_two_public_rules_parses()
    {
        var grammar = JsgfGrammar.Load(PocketsphinxTestData.GoForwardGrammar);

        Assert.That(grammar.PublicRules, Is.EqualTo(new[] { "move", "move2" }));
        Assert.That(grammar.Words, Does.Contain("backward").And.Contain("meter").And.Not.Contain("JSGF"));
    }

    [TestCase("grammar g;\npublic <a> = yes;\n", ":1: a JSGF grammar starts with '#JSGF V1.0;'")]
    [TestCase("#JSGF V1.0;\npublic <a> = yes;\n", "missing 'grammar NAME;'")]
    [TestCase("#JSGF V1.0;\ngrammar g;\n<a> = yes;\n", "no public rule")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = yes | <b>;\n", ":3: rule <a> refers to <b>, which is not defined")]
    [TestCase("#JSGF V1.0;\ngrammar g;\n\npublic <a> = (yes | no;\n", ":4: rule <a>: '(' is never closed")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = yes ];\n", "unbalanced ']'")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = yes\n", ":3: 'public <a> = yes' does not end with ';'")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = yes;\npublic <a> = no;\n", "rule <a> is defined twice")]
    [TestCase("#JSGF V1.0;\ngrammar g;\n/* open\npublic <a> = yes;\n", "comment '/*' is never closed")]
    [TestCase("#JSGF V1.0;\ngrammar g;\nimport <x.*>;\npublic <a> = yes;\n", "imports are not supported")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = ;\n", ":3: rule <a>: an empty alternative at its end")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = (yes | );\n", "an empty alternative before ')'")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = | yes;\n", "an empty alternative before '|'")]
    [TestCase("#JSGF V1.0;\ngrammar g;\npublic <a> = \"no thanks\";\n", "quoted tokens are not supported")]
    public void A_malformed_grammar_is_an_error_with_its_line(string text, string expected)
    {
        var e = Assert.Throws<SpeechException>(() => JsgfGrammar.Parse(text, "menu.gram"));

        Assert.That(e!.Message, Does.StartWith("menu.gram:").And.Contain(expected));
    }

    [Test]
    public void Weights_tags_and_rule_references_are_not_words()
    {
        var grammar = JsgfGrammar.Parse("#JSGF V1.0;\ngrammar g;\n<n> = no thanks;\npublic <a> = /2/ yes {accept} | /0.5/ <n> | nope* | [<NULL>];\n");

        Assert.That(grammar.Words, Is.EqualTo(new[] { "no", "thanks", "yes", "nope" }));
    }

    [Test]
    public void An_unreadable_grammar_file_is_an_error_naming_it()
    {
        var e = Assert.Throws<SpeechException>(() => JsgfGrammar.Load("/nonexistent/menu.gram"));

        Assert.That(e!.Message, Does.StartWith("/nonexistent/menu.gram: cannot read the grammar"));
    }
}
