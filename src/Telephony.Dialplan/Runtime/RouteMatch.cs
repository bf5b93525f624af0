using Telephony.Dialplan.Model;

namespace Telephony.Dialplan.Runtime;

/// <summary>The flow chosen for a call, and the route that chose it (null for the implicit <c>main</c>).</summary>
public sealed record RouteMatch(DialplanModel Dialplan, Flow Flow, Route? Route)
{
    public string Describe() => $"{Dialplan.Name}/{Flow.Name}" + (Route?.Name is { } name ? $" (route '{name}')" : string.Empty);
}
