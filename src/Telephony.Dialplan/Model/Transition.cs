namespace Telephony.Dialplan.Model;

/// <summary>An edge of the flow graph; <see cref="Target"/> null means the flow ends.</summary>
public sealed record Transition(Outcome Outcome, string? Label, Step? Target)
{
    public string Describe() => Label is null ? Outcome.ToString().ToLowerInvariant() : $"{Outcome.ToString().ToLowerInvariant()} {Label}";
}
