namespace Telephony.Interop.Tests;

/// <summary>
/// Hot reload on the real server: a valid edit serves new calls within a second, a call in
/// progress finishes on the version it started with, and an invalid edit is rejected with its
/// errors while calls keep flowing on the previous version.
/// </summary>
[NonParallelizable]
public class DialplanHotReloadTests
{
    private string _folder = null!;
    private ServerProcess _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _folder = Path.Combine(Path.GetTempPath(), "dialplans-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(YamlPath, Version("one"));
        _server = await ServerProcess.StartAsync("--dialplans", _folder);
    }

    [TearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string YamlPath => Path.Combine(_folder, "hot.yaml");

    [Test]
    public async Task Valid_edit_serves_new_calls_and_the_call_in_progress_keeps_its_version()
    {
        Assert.That(await CallAsync(), Is.EqualTo("hot/main: hangup normal at main/version-one"), _server.Log);

        // A call starts on version one; the file changes while it waits for its digits.
        var calls = CallsLogged();
        var inProgress = Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");
        while (CallsLogged() == calls && !inProgress.IsCompleted)
        {
            await Task.Delay(20); // until the server has the call (its flow takes the snapshot right after)
        }

        var before = (await _server.CdrsAsync()).Count;
        await File.WriteAllTextAsync(YamlPath, Version("two"));
        await WaitForLogAsync("reloaded hot.yaml", TimeSpan.FromSeconds(1.5));
        Assert.That(inProgress.IsCompleted, Is.False, "the call is still in progress when the new version takes over");
        Assert.That((await inProgress).ExitCode, Is.Zero, _server.Log);
        var finished = (await _server.WaitForCdrsAsync(before + 1))[0];

        Assert.Multiple(async () =>
        {
            Assert.That(DialplanServeTests.Flow(finished), Is.EqualTo("hot/main: hangup normal at main/version-one"), "started before the edit");
            Assert.That(await CallAsync(), Is.EqualTo("hot/main: hangup normal at main/version-two"), "a new call after the edit");
        });
    }

    [Test]
    public async Task Invalid_edit_is_rejected_with_its_errors_and_calls_keep_flowing_on_the_previous_version()
    {
        await File.WriteAllTextAsync(YamlPath, Version("two").Replace("- answer", "- answr", StringComparison.Ordinal));
        await WaitForLogAsync("rejected hot.yaml", TimeSpan.FromSeconds(1.5));

        Assert.Multiple(async () =>
        {
            Assert.That(_server.Log, Does.Match(@"hot\.yaml:4:7: error: .*answr"), "the error at its line and column");
            Assert.That(_server.Log, Does.Contain("the previous version keeps serving"));
            Assert.That(await CallAsync(), Is.EqualTo("hot/main: hangup normal at main/version-one"));
        });
    }

    [Test]
    public async Task Break_restore_break_again_each_change_is_judged_and_logged()
    {
        // The admin's walk with cp: the same mistake twice, with the good text restored between.
        var backups = Directory.CreateDirectory(Path.Combine(_folder, "backups")).FullName;
        var good = Path.Combine(backups, "good.yaml");
        var broken = Path.Combine(backups, "broken.yaml");
        await File.WriteAllTextAsync(good, Version("one"));
        await File.WriteAllTextAsync(broken, Version("one").Replace("- answer", "- answerr", StringComparison.Ordinal));

        File.Copy(broken, YamlPath, overwrite: true);
        await WaitForLogAsync("rejected hot.yaml", TimeSpan.FromSeconds(1.5), times: 1);
        File.Copy(good, YamlPath, overwrite: true);
        await WaitForLogAsync("reloaded hot.yaml", TimeSpan.FromSeconds(1.5), times: 1);
        File.Copy(broken, YamlPath, overwrite: true);
        await WaitForLogAsync("rejected hot.yaml", TimeSpan.FromSeconds(1.5), times: 2);

        Assert.Multiple(async () =>
        {
            Assert.That(Count(_server.Log, "hot.yaml:4:7: error: unknown step 'answerr'"), Is.EqualTo(2), "both rejections name the error");
            Assert.That(await CallAsync(), Is.EqualTo("hot/main: hangup normal at main/version-one"), "the good version keeps serving");
        });
    }

    [Test]
    public async Task A_second_file_that_takes_every_call_is_rejected_as_validate_rejects_it()
    {
        // Named to sort before hot.yaml: the file already serving keeps the calls whatever the names.
        await File.WriteAllTextAsync(Path.Combine(_folder, "extra.yaml"), Version("extra").Replace("dialplan: hot", "dialplan: extra", StringComparison.Ordinal));
        await WaitForLogAsync("rejected extra.yaml", TimeSpan.FromSeconds(1.5));

        Assert.Multiple(async () =>
        {
            Assert.That(_server.Log, Does.Match(@"extra\.yaml:3:3: error: this dialplan takes every call, and so does \S*hot\.yaml:3"));
            Assert.That(_server.Log, Does.Not.Contain("loaded extra.yaml"));
            Assert.That(await CallAsync(), Is.EqualTo("hot/main: hangup normal at main/version-one"));
        });
    }

    private static int Count(string log, string text) => log.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private static string Version(string name) => $"""
        dialplan: hot
        flows:
          main:
            - answer
            - gather: digits
              max: 8
              terminator: '#'
            - name: version-{name}
              hangup: normal
        """;

    /// <summary>One sipp call pressing 1 2 3 #; returns the flow column of its CDR.</summary>
    private async Task<string> CallAsync()
    {
        var before = (await _server.CdrsAsync()).Count;
        var run = await Sipp.RunAsync(_server, TimeSpan.FromSeconds(60), "-sf", RepoPaths.SippScenario("uac_dtmf.xml"), "-m", "1");
        Assert.That(run.ExitCode, Is.Zero, run + _server.Log);
        return DialplanServeTests.Flow((await _server.WaitForCdrsAsync(before + 1))[0]);
    }

    /// <summary>Calls the server has set up so far (one log line each, before its flow starts).</summary>
    private int CallsLogged() => _server.Log.Split('\n').Count(l => l.Contains(", rtp port ", StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="text"/> is on <paramref name="times"/> lines of the log.</summary>
    private async Task WaitForLogAsync(string text, TimeSpan within, int times = 1)
    {
        var deadline = DateTime.UtcNow + within;
        while (Count(_server.Log, text) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' not logged {times} time(s) within {within.TotalSeconds} s:\n{_server.Log}");
            }

            await Task.Delay(50);
        }
    }
}
