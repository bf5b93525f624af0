using Telephony.Calls.Screening;

namespace Telephony.Calls.Tests;

/// <summary>Every RFC 4475 and RFC 5118 message, judged by <see cref="SipLinter"/>.</summary>
public class SipLintConformanceTests
{
    [TestCaseSource(typeof(ConformanceCases), nameof(ConformanceCases.Cases))]
    public void Corpus_message_is_classified_and_answered_as_prescribed(string set, string name, bool valid, string answer)
    {
        var result = SipLinter.Lint(Corpus.Read(set, name));

        Assert.Multiple(() =>
        {
            Assert.That(result.Valid, Is.EqualTo(valid), result.Reason);
            Assert.That(result.Answer, Is.EqualTo(answer), result.Reason);
            Assert.That(result.Reason, Is.Not.Empty);
        });
    }

    [Test]
    public void Every_corpus_file_has_a_case()
    {
        var files = new[] { "rfc4475", "rfc5118" }
            .SelectMany(set => Directory.GetFiles(Path.Combine(Corpus.Folder, set), "*.dat").Select(f => (set, Path.GetFileNameWithoutExtension(f))));

        Assert.That(ConformanceCases.All.Select(c => (c.Set, c.Name)), Is.EquivalentTo(files));
    }
}
