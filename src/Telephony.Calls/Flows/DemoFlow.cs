namespace Telephony.Calls.Flows;

/// <summary>Timings of the demo flow.</summary>
/// <param name="RingTime">How long to ring before answering.</param>
/// <param name="Gather">How digits are collected after the welcome prompt.</param>
public sealed record DemoFlowOptions(TimeSpan RingTime, GatherOptions Gather)
{
    public static DemoFlowOptions Default { get; } = new(
        TimeSpan.Zero,
        new GatherOptions(MaxDigits: 32, Terminator: '#', FirstDigitTimeout: TimeSpan.FromSeconds(5), InterDigitTimeout: TimeSpan.FromSeconds(3)));
}

/// <summary>
/// The built-in flow every call runs until dialplans arrive: answer, welcome (interruptible by
/// a digit), collect digits until # or a timeout, read them back, say goodbye, hang up.
/// </summary>
public static class DemoFlow
{
    /// <summary>Prompt names for each DTMF symbol.</summary>
    public static string PromptForDigit(char digit) => digit switch
    {
        '*' => "digits/star",
        '#' => "digits/pound",
        >= 'A' and <= 'D' => "digits/" + char.ToLowerInvariant(digit),
        _ => "digits/" + digit,
    };

    public static async Task RunAsync(ICall call, DemoFlowOptions options)
    {
        if (options.RingTime > TimeSpan.Zero)
        {
            await call.RingAsync(options.RingTime);
        }

        await call.AnswerAsync();
        await call.PlayAsync(["welcome"], interruptible: true);
        var digits = await call.GatherDigitsAsync(options.Gather);
        if (digits.Length == 0)
        {
            await call.PlayAsync(["no-input"], interruptible: false);
        }
        else
        {
            var readBack = new List<string> { "you-entered" };
            readBack.AddRange(digits.Select(PromptForDigit));
            await call.PlayAsync(readBack, interruptible: false);
        }

        await call.PlayAsync(["goodbye"], interruptible: false);
        await call.HangupAsync("normal");
    }
}
