using Stateless;
using Stateless.Graph;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests;

/// <summary>
/// The contract with the runtime to come: a flow compiles mechanically into a Stateless machine
/// (FiringMode.Queued) with one state per step and one trigger per outcome, and firing the
/// outcomes a call produces walks the steps a caller would hear.
/// </summary>
public class StateMachineShapeTests
{
    private const string End = FlowMachine.End;

    [Test]
    public void Demo_flow_without_digits_plays_no_input_then_goodbye()
    {
        var (machine, visited) = Compile(Load("demo.yaml").Flows["main"]);

        foreach (var trigger in new[] { "done", "done", "done", "then", "done", "done" })
        {
            machine.Fire(trigger);
        }

        Assert.That(visited.Select(Kind), Is.EqualTo(new[] { "answer", "play", "gather", "if", "play", "play", "hangup" }));
    }

    [Test]
    public void Outage_caller_who_says_status_hears_a_case_and_goes_to_goodbye()
    {
        var (machine, visited) = Compile(Load("outage.yaml").Flows["main"]);

        foreach (var trigger in new[] { "done", "done", "fallback", "choice 2", "done", "done", "case assigned", "done", "done", "done" })
        {
            machine.Fire(trigger);
        }

        Assert.Multiple(() =>
        {
            Assert.That(visited.Last(), Is.EqualTo(Load("outage.yaml").Flows["main"].AllSteps[^1].Id), "the final hangup");
            Assert.That(visited, Does.Contain("status").And.Contain("goodbye").And.Not.Contain("report"));
        });
    }

    [Test]
    public void A_successful_transfer_ends_the_flow()
    {
        var flow = Load("outage.yaml").Flows["main"];
        var (machine, _) = Compile(flow, start: flow.AllSteps.Single(s => s.Name == "agent"));

        machine.Fire("transferred");

        Assert.That(machine.State, Is.EqualTo(End));
    }

    [TestCase("demo.yaml")]
    [TestCase("bank.yaml")]
    [TestCase("outage.yaml")]
    public void Every_flow_of_a_sample_compiles_and_exports_with_stateless_graph_support(string sample)
    {
        foreach (var flow in Load(sample).Flows.Values)
        {
            var (machine, _) = Compile(flow);

            var dot = UmlDotGraph.Format(machine.GetInfo());

            Assert.That(dot, Does.Contain("digraph"), flow.Name);
        }
    }

    /// <summary>The runtime's machine for <paramref name="flow"/>, recording the states it passes through.</summary>
    private static (StateMachine<string, string> Machine, List<string> Visited) Compile(Flow flow, Step? start = null)
    {
        var machine = FlowMachine.Compile(flow, start);
        var visited = new List<string> { machine.State };
        machine.OnTransitioned(t => visited.Add(t.Destination));
        return (machine, visited);
    }

    /// <summary>The kind part of an unnamed step's Id (kind@line:col).</summary>
    private static string Kind(string id) => id.Split('@')[0];

    private static DialplanModel Load(string sample) =>
        DialplanLoader.LoadFile(TestPaths.Sample(sample), new DialplanOptions(null)).Model!;
}
