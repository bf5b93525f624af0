namespace Telephony.Calls.Flows;

/// <summary>One flow for every leg, as a delegate (the demo flow, tests): it knows no flow names.</summary>
public sealed class DelegateFlows(Func<ICall, Task> flow) : ICallFlows
{
    public Task RunAsync(CallFlowRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return flow(request.Call);
    }

    public bool CanRun(string flow, out string? error)
    {
        error = $"no flow named '{flow}': this server runs one flow for every call";
        return false;
    }
}
