using System.Globalization;
using Telephony.Dialplan.Model;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Simulation;

/// <summary>
/// Runs one call through dialplans with the real runtime (routing, the Stateless machines, real
/// HTTP webhooks) on a <see cref="SimulatedCall"/>, and writes the call as a transcript.
/// </summary>
public static class DialplanSimulator
{
    /// <summary>Reads an <c>--at</c> time (<c>2026-12-25T10:00</c>) in <paramref name="zone"/>, unless it names its own offset.</summary>
    public static DateTimeOffset ParseTime(string text, TimeZoneInfo zone)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(text))
        {
            return withOffset;
        }

        var local = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);
        return new DateTimeOffset(local, zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));
    }

    public static async Task<SimulationResult> RunAsync(IReadOnlyList<DialplanModel> dialplans, SimulationRequest request, HttpClient http, Action<string>? echo = null)
    {
        var lines = new List<string>();
        void Write(string line)
        {
            lines.Add(line);
            echo?.Invoke(line);
        }

        var clock = new SimulationClock(request.At);
        using var call = new SimulatedCall(request.From, request.To, request.Inputs, clock, Write, request.Headers);
        var info = CallInfo.From(call);
        var zone = dialplans.Count > 0 ? dialplans[0].TimeZone : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(request.At, zone);
        Write(string.Create(CultureInfo.InvariantCulture, $"call from {info.Caller} to {info.Did} at {local:yyyy-MM-dd HH:mm} {local:ddd} ({zone.Id})"));
        var match = DialplanRouter.Route(dialplans, info, clock);
        if (match is null)
        {
            Write("no route takes this call: it would be rejected (404 Not Found)");
            return new SimulationResult(null, lines, call);
        }

        Write("route: " + match.Describe());
        var observer = new TranscriptObserver(Write);
        var runner = new FlowRunner(match, call, info, new FlowRuntimeOptions(http, clock), observer);
        foreach (var (name, value) in request.Variables ?? new Dictionary<string, string>())
        {
            runner.Variables.Set(name, value);
        }

        var result = await runner.RunAsync();
        if (call.Unused.Count > 0)
        {
            Write("unused input: " + string.Join(' ', call.Unused));
        }

        Write("outcome: " + result);
        return new SimulationResult(result, lines, call);
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
