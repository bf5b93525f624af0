using Telephony.Dialplan.Diagnostics;
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

/// <summary>Copies the response field at <see cref="Path"/> (dotted, with [n] for array items) into <see cref="Variable"/>.</summary>
public sealed record ResponseMapping(string Variable, string Path, SourceLocation At);

/// <summary>The JSON body, written as YAML; its text values are templates.</summary>
public abstract record BodyValue;

public sealed record BodyObject(IReadOnlyList<KeyValuePair<string, BodyValue>> Members) : BodyValue;

public sealed record BodyArray(IReadOnlyList<BodyValue> Items) : BodyValue;

/// <summary>A leaf; <see cref="Typed"/> means an unquoted YAML number/true/false/null, sent as such rather than as text.</summary>
public sealed record BodyScalar(Template Value, bool Typed) : BodyValue;
