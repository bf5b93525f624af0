using Telephony.Api.Auth;

namespace Telephony.Api.Tests;

public class TokensFileTests
{
    [Test]
    public void Reads_roles_and_tokens_ignoring_comments_and_blank_lines()
    {
        var tokens = TokensFile.Parse("tokens.txt", "# who may do what\n\nadmin:a1\r\n  supervisor : s1 \nagent:g1\n");

        Assert.That(tokens, Is.EqualTo(new[] { new ApiToken(ApiRole.Admin, "a1"), new ApiToken(ApiRole.Supervisor, "s1"), new ApiToken(ApiRole.Agent, "g1") }));
    }

    [TestCase("admin:a1\nroot:xyz\n", "tokens.txt:2: unknown role 'root' (expected admin, supervisor or agent)")]
    [TestCase("\n\nadmin-a1\n", "tokens.txt:3: expected role:token (roles: admin, supervisor, agent)")]
    [TestCase("agent:\n", "tokens.txt:1: the agent token is empty")]
    [TestCase("agent:two words\n", "tokens.txt:1: a token cannot contain spaces")]
    [TestCase("agent:same\n# c\nadmin:same\n", "tokens.txt:3: this token is already given on line 1; each token has one role")]
    public void Reports_file_and_line_of_a_bad_entry(string text, string message)
    {
        Assert.That(() => TokensFile.Parse("tokens.txt", text), Throws.TypeOf<TokensFileException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Errors_never_show_the_token()
    {
        var e = Assert.Throws<TokensFileException>(() => TokensFile.Parse("t", "agent:s3cr3t-value\nroot:an0ther-s3cr3t\n"));
        Assert.That(e!.Message, Does.Not.Contain("s3cr3t"));
    }

    [Test]
    public void A_missing_file_is_a_clear_error()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "tokens");
        Assert.That(() => TokensFile.Load(path), Throws.TypeOf<TokensFileException>().With.Message.StartsWith(path + ": cannot read the API tokens file"));
    }

    [Test]
    public void A_token_prints_its_role_not_its_secret()
    {
        Assert.That(new ApiToken(ApiRole.Admin, "s3cr3t").ToString(), Is.EqualTo("Admin token"));
    }
}
