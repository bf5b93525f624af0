namespace Telephony.Interop.Tests;

/// <summary>The CLI's contract for operators' scripts: help, exit codes, output shapes.</summary>
public class CliTests
{
    private static Task<ProcessRunner.Result> Telephony(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, .. args], TimeSpan.FromSeconds(60));

    [TestCase]
    [TestCase("--help")]
    [TestCase("help")]
    public async Task Main_help_lists_the_commands(params string[] args)
    {
        var result = await Telephony(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Stdout, Does.Contain("serve").And.Contain("cdr list"));
        });
    }

    [TestCase("serve", "--sip-port N")]
    [TestCase("cdr", "--last N")]
    public async Task Every_command_has_help(string command, string mentions)
    {
        var result = await Telephony(command, "--help");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(result.Stdout, Does.Contain(mentions).And.Contain("--data DIR"));
        });
    }

    [TestCase(new[] { "bogus" }, "unknown command")]
    [TestCase(new[] { "serve", "--sip-port", "70000" }, "--sip-port must be")]
    [TestCase(new[] { "serve", "--frobnicate" }, "unknown option '--frobnicate'")]
    [TestCase(new[] { "serve", "--rtp-ports", "5-3" }, "--rtp-ports must be")]
    [TestCase(new[] { "cdr", "list", "--last" }, "--last needs a value")]
    [TestCase(new[] { "cdr", "purge" }, "unknown cdr subcommand")]
    public async Task Usage_errors_exit_2_with_a_message_on_stderr(string[] args, string message)
    {
        var result = await Telephony(args);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(2));
            Assert.That(result.Stderr, Does.Contain(message));
        });
    }

    [Test]
    public async Task Cdr_list_on_a_fresh_data_folder_prints_nothing_in_json_and_creates_nothing()
    {
        var data = Path.Combine(Path.GetTempPath(), "none-" + Guid.NewGuid().ToString("N"));

        var json = await Telephony("cdr", "list", "--json", "--data", data);
        var table = await Telephony("cdr", "list", "--data", data);

        Assert.Multiple(() =>
        {
            Assert.That((json.ExitCode, json.Stdout), Is.EqualTo((0, string.Empty)));
            Assert.That(table.Stdout, Does.StartWith("STARTED"));
            Assert.That(Directory.Exists(data), Is.False);
        });
    }
}
