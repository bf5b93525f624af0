using Stateless;
using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>
/// A flow compiled into a Stateless machine (<see cref="FiringMode.Queued"/>): one state per
/// step (its <see cref="Step.Id"/>) plus <see cref="End"/>, one trigger per outcome
/// (<see cref="Transition.Describe"/>: <c>done</c>, <c>choice 1</c>, <c>case open</c>, ...).
/// The runner fires the outcome each step's call events produce; the machine says where to go.
/// </summary>
public static class FlowMachine
{
    /// <summary>The state after the flow's last step: a subflow returns, a routed flow hangs up.</summary>
    public const string End = "(end)";

    /// <param name="start">The state to start in; the flow's entry when null.</param>
    public static StateMachine<string, string> Compile(Flow flow, Step? start = null)
    {
        var machine = new StateMachine<string, string>((start ?? flow.Entry)?.Id ?? End, FiringMode.Queued);
        foreach (var step in flow.AllSteps)
        {
            var state = machine.Configure(step.Id);
            foreach (var transition in step.Transitions)
            {
                var target = transition.Target?.Id ?? End;

                // A step may lead back to itself (a gather retried by goto): Stateless wants that spelled as re-entry.
                if (target == step.Id)
                {
                    state.PermitReentry(transition.Describe());
                }
                else
                {
                    state.Permit(transition.Describe(), target);
                }
            }
        }

        return machine;
    }

    /// <summary>The trigger for an outcome, as the compiled machine names it.</summary>
    public static string Trigger(Outcome outcome, string? label) => new Transition(outcome, label, null).Describe();
}
