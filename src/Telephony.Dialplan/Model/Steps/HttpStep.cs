using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

/// <summary>
/// <c>http</c>: calls a webhook (JSON body), copies fields of the JSON response into variables
/// and goes on; a timeout, a connection failure, a non-2xx status or a response without a
/// mapped field goes to <see cref="Fallback"/>.
/// </summary>
public sealed class HttpStep : Step
{
    public required Template Url { get; init; }

    public required string Method { get; init; }

    public IReadOnlyList<KeyValuePair<string, Template>> Headers { get; init; } = [];

    public BodyValue? Body { get; init; }

    public TimeSpan Timeout { get; init; }

    public IReadOnlyList<ResponseMapping> Map { get; init; } = [];

    public required Branch Fallback { get; init; }

    public override IEnumerable<(Outcome, string?, Branch)> Branches() => [(Outcome.Fallback, null, Fallback)];
}
