using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model;

/// <summary>
/// A validated dialplan file: settings, time windows, routes and flows. Immutable once
/// <see cref="DialplanLoader"/> returns it, so a running call can keep the version it
/// started with while a newer file replaces it for new calls.
/// </summary>
public sealed class DialplanModel
{
    public required string File { get; init; }

    /// <summary>The <c>dialplan:</c> name, or the file name without extension.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Default language of TTS and <c>say</c> (BCP 47, e.g. en-GB).</summary>
    public required string Language { get; init; }

    /// <summary>Default TTS voice; null lets the engine choose.</summary>
    public string? Voice { get; init; }

    /// <summary>The zone of the built-in time variables and of windows that name none.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyDictionary<string, HoursWindow> Hours { get; init; }

    /// <summary>Initial values of the call's variables, before the first step.</summary>
    public required IReadOnlyDictionary<string, Template> Variables { get; init; }

    /// <summary>Tried in order; the first match picks the flow. Empty means every call runs <c>main</c>.</summary>
    public required IReadOnlyList<Route> Routes { get; init; }

    public required IReadOnlyDictionary<string, Flow> Flows { get; init; }

    /// <summary>Every step of every flow, for counting and drawing.</summary>
    public IEnumerable<Step> AllSteps => Flows.Values.SelectMany(f => f.AllSteps);

    /// <summary>Every prompt of every step (recordings, TTS text, say values).</summary>
    public IEnumerable<Prompt> AllPrompts => AllSteps.SelectMany(StepPrompts.Of);
}
