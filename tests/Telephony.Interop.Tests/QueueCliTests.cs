namespace Telephony.Interop.Tests;

/// <summary><c>telephony queue validate</c> on the sample queues file and on a broken one, through the real binary.</summary>
public class QueueCliTests
{
    private static Task<ProcessRunner.Result> Telephony(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.TelephonyDll, .. args], TimeSpan.FromSeconds(60));

    [Test]
    public async Task The_sample_queues_file_is_valid()
    {
        var sample = Path.Combine(RepoPaths.Root, "samples", "queues.yaml");
        var result = await Telephony("queue", "validate", sample);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Stderr);
            Assert.That(result.Stdout, Is.EqualTo($"{sample} valid: 2 queues, 3 agents\n"));
        });
    }

    [Test]
    public async Task A_broken_file_gets_every_error_at_its_line_and_exit_1()
    {
        var file = Path.Combine(Path.GetTempPath(), $"queues-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "queues:\n  - name: support\n    stratgy: linear\n    delivery: transfer\nagents:\n  - name: al\n    sip_user: '1001'\n    password: x\n    queues: [sales]\n");
        try
        {
            var result = await Telephony("queue", "validate", file);

            Assert.Multiple(() =>
            {
                Assert.That(result.ExitCode, Is.EqualTo(1));
                Assert.That(result.Stdout, Is.EqualTo(
                    $"{file}:3:5: error: unknown queue field 'stratgy' (did you mean 'strategy'? fields: name, strategy, priority, agent_timeout, wrap_up, delivery, relax, familiar, service_level, service_level_target, short_abandon)\n"
                    + $"{file}:4:15: error: unknown delivery 'transfer' (deliveries: bridge, refer)\n"
                    + $"{file}:9:14: error: agent 'al' answers queue 'sales', which is not defined (queues: support)\n"
                    + $"3 errors in {file}\n"));
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase(new[] { "queue", "validate" }, "queue validate needs at least one FILE", 2)]
    [TestCase(new[] { "queue", "validate", "/nonexistent/queues.yaml" }, "cannot read /nonexistent/queues.yaml", 2)]
    public async Task Usage_mistakes_exit_2(string[] args, string message, int code)
    {
        var result = await Telephony(args);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(code));
            Assert.That(result.Stderr, Does.Contain(message));
        });
    }
}
