namespace Telephony.Interop.Tests;

/// <summary>
/// The day-one walk (samples/day-one/walk.sh) in the test suite: the README's commands and
/// examples, taken from README.md itself, run as written on a copy of the repository and their
/// output checked — so a README that stops matching the code fails CI.
/// </summary>
[NonParallelizable]
public class DayOneWalkTests
{
    [Test]
    public async Task The_readme_commands_run_as_written_and_print_what_the_readme_says()
    {
        ProcessRunner.Require("sipp", "sip-tester");
        var walk = Path.Combine(RepoPaths.Root, "samples", "day-one", "walk.sh");

        var run = await ProcessRunner.RunAsync("bash", [walk], TimeSpan.FromMinutes(8), RepoPaths.Root);

        TestContext.Out.WriteLine(run.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(run.Stdout, Does.Not.Contain("FAIL:"), run.ToString());
            Assert.That(run.Stdout, Does.Contain("day-one walk: every check held"), run.ToString());
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
        });
    }
}
