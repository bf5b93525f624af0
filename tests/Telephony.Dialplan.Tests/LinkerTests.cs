using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Tests;

/// <summary>The flow graph a runtime compiles: one state per step, one transition per outcome.</summary>
public class LinkerTests
{
    private const string Text = """
        flows:
          main:
            - answer
            - name: ask
              menu:
              prompt: welcome
              choices:
                - key: 1
                  then:
                    - play: thanks
                - key: 2
                  then: agent
              fallback: agent
            - if: input == '1'
              then:
                - set:
                    done: yes
            - name: agent
              transfer: queue:agents
            - subflow: bye
          bye:
            - play: goodbye
            - return
        """;

    private static readonly Flow Main = Load().Flows["main"];

    [Test]
    public void Every_step_has_a_flow_unique_id()
    {
        Assert.That(Main.AllSteps.Select(s => s.Id), Is.EqualTo(new[] { "answer@3:7", "ask", "play@10:15", "if@14:7", "set@16:11", "agent", "subflow@20:7" }));
    }

    [Test]
    public void A_choice_block_continues_after_the_menu_and_named_targets_jump()
    {
        var menu = (MenuStep)Step("ask");

        Assert.That(menu.Transitions.Select(t => (t.Describe(), t.Target?.Id)), Is.EqualTo(new (string, string?)[]
        {
            ("choice 1", "play@10:15"),
            ("choice 2", "agent"),
            ("fallback", "agent"),
        }));
        Assert.That(Step("play@10:15").Transitions.Single().Target?.Id, Is.EqualTo("if@14:7"));
    }

    [Test]
    public void An_if_without_else_goes_on_and_its_block_rejoins()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Step("if@14:7").Transitions.Select(t => (t.Outcome, t.Target?.Id)), Is.EqualTo(new (Outcome, string?)[]
            {
                (Outcome.Then, "set@16:11"),
                (Outcome.Else, "agent"),
            }));
            Assert.That(Step("set@16:11").Transitions.Single().Target?.Id, Is.EqualTo("agent"));
        });
    }

    [Test]
    public void A_transfer_leaves_the_flow_or_falls_back_to_the_next_step()
    {
        Assert.That(Step("agent").Transitions.Select(t => (t.Outcome, t.Target?.Id)), Is.EqualTo(new (Outcome, string?)[]
        {
            (Outcome.Transferred, null),
            (Outcome.Fallback, "subflow@20:7"),
        }));
    }

    [Test]
    public void The_last_step_ends_the_flow_and_a_subflow_step_knows_its_flow()
    {
        var call = (SubflowStep)Step("subflow@20:7");

        Assert.Multiple(() =>
        {
            Assert.That(call.Transitions.Single(), Is.EqualTo(new Transition(Outcome.Done, null, null)));
            Assert.That(call.Flow?.Name, Is.EqualTo("bye"));
            Assert.That(call.Flow!.AllSteps[^1].Transitions, Is.Empty, "return has no outgoing transition");
        });
    }

    private static Step Step(string id) => Main.AllSteps.Single(s => s.Id == id);

    private static DialplanModel Load()
    {
        var result = DialplanLoader.Parse("graph.yaml", Text, new DialplanOptions(null));
        return result.Model ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }
}
