using Telephony.Calls;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// A gather that ends by itself at <c>max</c> digits still owns the terminator the caller presses
/// right after ("enter your account number, then press hash"): the next menu must not see it.
/// </summary>
public class StrayTerminatorTests
{
    private const string Flow = """
        dialplan: stray
        flows:
          main:
            - answer
            - gather: account
              max: 4
              terminator: '#'
            - name: pick
              menu:
              prompt:
                - tts: Press 1.
              choices:
                - key: 1
                  then: one
              tries: 1
              fallback: wrong
            - name: one
              hangup: normal
            - name: wrong
              hangup: busy
        """;

    [TestCase("1234#1", "hangup normal at main/one", Description = "the # after a full entry is dropped")]
    [TestCase("12341", "hangup normal at main/one", Description = "no #: the next key waits for the menu")]
    [TestCase("1234##", "hangup busy at main/wrong", Description = "only one # is dropped")]
    public void On_a_real_call_the_terminator_after_a_full_gather_is_not_the_menus(string keys, string outcome)
    {
        var call = new KeyCall(keys);
        var model = DialplanLoader.Parse("stray.yaml", Flow, new DialplanOptions(null)).Model!;
        using var http = new HttpClient();
        var match = DialplanRouter.Route([model], CallInfo.From(call), TimeProvider.System)!;

        var result = FlowRunner.RunAsync(match, call, new FlowRuntimeOptions(http, TimeProvider.System), NullFlowObserver.Instance).GetAwaiter().GetResult();

        Assert.That(result.ToString(), Is.EqualTo(outcome));
    }

    [Test]
    public void In_the_bank_sample_account_then_hash_then_1_is_the_balance()
    {
        using var bank = new WebhookServer()
            .On("POST", "/ivr/v1/customers/lookup", 200, """{"customer": {"first_name": "Ann"}}""")
            .On("GET", "/ivr/v1/accounts/12345678/balance", 200, """{"balance": {"available": 1234.50, "currency": "GBP"}}""");

        var call = Simulation.Run("bank.yaml", "+447700900123", "+442079460100", "12345678# 1 9 hangup", variables: new() { ["api"] = bank.Url + "/ivr/v1" });

        Assert.Multiple(() =>
        {
            Assert.That(call.Played("say 1234.5 as currency GBP"), Is.True, "1 chose the balance");
            Assert.That(call.Transcript, Has.None.Contains("'#' is no choice"));
        });
    }

    [Test]
    public void The_bank_prompt_does_not_ask_for_a_hash_its_gather_does_not_need()
    {
        var text = File.ReadAllText(TestPaths.Sample("bank.yaml"));

        Assert.That(text, Does.Not.Contain("then press hash"));
    }

    /// <summary>An <see cref="ICall"/> whose caller has typed <paramref name="keys"/> ahead; gathers take them as a real call does.</summary>
    private sealed class KeyCall(string keys) : ICall
    {
        private readonly Queue<char> _keys = new(keys);
        private readonly CancellationTokenSource _ended = new();

        public string CallId => "keys";

        public string From => "sip:+15551234@example.com";

        public string To => "sip:100@example.com";

        public CancellationToken Ended => _ended.Token;

        public Task RingAsync(TimeSpan duration) => Task.CompletedTask;

        public Task AnswerAsync() => Task.CompletedTask;

        public Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible) => Task.CompletedTask;

        public Task<string> GatherDigitsAsync(GatherOptions options)
        {
            var collected = string.Empty;
            while (collected.Length < options.MaxDigits && _keys.TryDequeue(out var key) && key != options.Terminator)
            {
                collected += key;
            }

            return Task.FromResult(collected);
        }

        public Task HangupAsync(string cause = "normal")
        {
            _ended.Cancel();
            return Task.CompletedTask;
        }

        public string Header(string name) => string.Empty;

        public Task<Telephony.Calls.Playback.PlayListResult> PlayListAsync(IReadOnlyList<Telephony.Calls.Playback.PlayListItem> items, bool interruptible) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlayToneAsync(Telephony.Calls.Playback.CallTone tone, TimeSpan? duration = null) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlaySilenceAsync(TimeSpan duration) => throw new NotSupportedException();

        public Task SendDigitsAsync(string digits, TimeSpan? toneLength = null) => throw new NotSupportedException();

        public bool PausePlayback() => throw new NotSupportedException();

        public bool ResumePlayback() => throw new NotSupportedException();

        public void StopPlayback() => throw new NotSupportedException();

        public Task<Telephony.Calls.Control.CallAttemptResult> TransferAsync(string target, Telephony.Calls.Control.TransferMode mode, TimeSpan timeout, string? callerId = null) => throw new NotSupportedException();
    }
}
