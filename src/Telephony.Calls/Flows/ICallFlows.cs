namespace Telephony.Calls.Flows;

/// <summary>What runs on calls (the server's dialplans, the demo flow, a test's flow).</summary>
public interface ICallFlows
{
    /// <summary>Runs a flow on the leg until it is done with it. May throw <see cref="CallEndedException"/> when the leg ends.</summary>
    Task RunAsync(CallFlowRequest request);

    /// <summary>Whether <paramref name="flow"/> (<c>dialplan/flow</c> or <c>flow</c>) can be run now; <paramref name="error"/> says why not.</summary>
    bool CanRun(string flow, out string? error);
}
