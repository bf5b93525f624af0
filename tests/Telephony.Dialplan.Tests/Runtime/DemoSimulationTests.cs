using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>Every branch of dialplans/demo.yaml, simulated.</summary>
public class DemoSimulationTests
{
    [Test]
    public void Digits_then_hash_are_read_back()
    {
        var call = Simulation.Run("demo.yaml", "+15551234", "100", "4 2 #");

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome().ToString(), Is.EqualTo("hangup normal at main/hangup@25:7"));
            Assert.That(call.Transcript, Does.Contain("  set digits = '42'"));
            Assert.That(call.Played("file you-entered"), Is.True);
            Assert.That(call.Played("say 42 as digits"), Is.True);
            Assert.That(call.Played("file no-input"), Is.False);
            Assert.That(call.Transcript, Does.Contain("  (prompt interrupted by 4)"), "a key interrupts the welcome");
        });
    }

    [Test]
    public void Silence_plays_no_input_then_goodbye()
    {
        var call = Simulation.Run("demo.yaml", "+15551234", "100", "wait:6s");

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.Hangup));
            Assert.That(call.Transcript, Does.Contain("  silence 6s: timeout after 5s"));
            Assert.That(call.Played("file no-input"), Is.True);
            Assert.That(call.Played("file goodbye"), Is.True);
            Assert.That(call.Played("file you-entered"), Is.False);
        });
    }

    [Test]
    public void Inter_digit_timeout_ends_input_without_hash()
    {
        var call = Simulation.Run("demo.yaml", "+15551234", "100", "7 wait:3s 8");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transcript, Does.Contain("  set digits = '7'"));
            Assert.That(call.Transcript[^1], Does.StartWith("outcome: hangup normal"));
            Assert.That(call.Transcript, Does.Contain("unused input: 8"));
        });
    }

    [Test]
    public void Short_pause_between_digits_keeps_collecting()
    {
        var call = Simulation.Run("demo.yaml", "+15551234", "100", "7 wait:2s 8 #");

        Assert.That(call.Transcript, Does.Contain("  set digits = '78'"));
    }

    [Test]
    public void Caller_hanging_up_ends_the_flow_in_any_state()
    {
        var call = Simulation.Run("demo.yaml", "+15551234", "100", "1 hangup");

        Assert.Multiple(() =>
        {
            Assert.That(call.Outcome().Outcome, Is.EqualTo(FlowResult.CallerHangup));
            Assert.That(call.Outcome().FinalStep, Is.EqualTo("gather@12:7"));
            Assert.That(call.Played("goodbye"), Is.False);
        });
    }
}
