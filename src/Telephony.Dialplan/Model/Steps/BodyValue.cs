using Telephony.Dialplan.Expressions;

namespace Telephony.Dialplan.Model.Steps;

/// <summary>The JSON body, written as YAML; its text values are templates.</summary>
public abstract record BodyValue;

public sealed record BodyObject(IReadOnlyList<KeyValuePair<string, BodyValue>> Members) : BodyValue;

public sealed record BodyArray(IReadOnlyList<BodyValue> Items) : BodyValue;

/// <summary>A leaf; <see cref="Typed"/> means an unquoted YAML number/true/false/null, sent as such rather than as text.</summary>
public sealed record BodyScalar(Template Value, bool Typed) : BodyValue;
