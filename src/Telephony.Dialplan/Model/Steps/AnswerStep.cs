namespace Telephony.Dialplan.Model.Steps;

/// <summary><c>answer</c>: ring for <see cref="Ring"/> (180), then answer (200 OK) and wait for media.</summary>
public sealed class AnswerStep : Step
{
    public TimeSpan Ring { get; init; }
}
