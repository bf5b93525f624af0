namespace Telephony.Api.Contracts;

internal sealed record DialplanView(string Name, string File, IReadOnlyList<string> Flows, bool Valid);

internal sealed record DialplanList(IReadOnlyList<DialplanView> Dialplans);

internal sealed record ValidationError(int Line, int Column, string Message, string? Hint);

internal sealed record ValidationResult(bool Valid, IReadOnlyList<ValidationError> Errors);

internal sealed record HealthView(string Status);
