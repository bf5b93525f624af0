using Telephony.Calls;
using Telephony.Dialplan.Runtime;

namespace Telephony.Dialplan.Tests.Runtime;

/// <summary>
/// A flow on a call that has only <see cref="ICall"/> (as real calls have now): the nearest real
/// thing for what it lacks, and a failing step ends the call with a cause instead of throwing.
/// </summary>
public class PlainCallTests
{
    private const string Flow = """
        dialplan: plain
        flows:
          main:
            - answer
            - play:
                - tts: Hello
                - welcome
                - say: '42.5'
                  as: currency
                  currency: EUR
            - name: pick
              menu:
              prompt:
                - welcome
              choices:
                - key: 1
                  speech: [one]
                  then: queue
              input: both
              tries: 1
              fallback: bye
            - name: queue
              transfer: queue:sales
              fallback:
                - transfer: sip:desk@pbx.example
                  fallback: bye
            - name: bye
              hangup: busy
        """;

    [Test]
    public void Tts_is_skipped_values_are_read_as_digits_speech_menus_take_keys_and_queues_fall_back()
    {
        var call = new PlainCall("1") { TransferSucceeds = false };

        var result = Run(call);

        Assert.Multiple(() =>
        {
            Assert.That(call.Played[0], Is.EqualTo(new[] { "welcome", "digits/4", "digits/2", "digits/5" }));
            Assert.That(call.Transfers, Is.EqualTo(new[] { "sip:desk@pbx.example" }));
            Assert.That(call.Modes, Is.EqualTo(new[] { Telephony.Calls.Control.TransferMode.Bridge }), "bridge is the default mode, and real calls now bridge");
            Assert.That(result.ToString(), Is.EqualTo("hangup busy at main/bye"));
            Assert.That(call.HangupCause, Is.EqualTo("busy"));
        });
    }

    [Test]
    public void With_speech_tts_and_say_prompts_are_played_as_what_it_renders_in_order()
    {
        var call = new PlainCall("1") { TransferSucceeds = false };
        var speech = new FakePromptSpeech();

        Run(call, speech: speech);

        Assert.Multiple(() =>
        {
            Assert.That(call.Played[0], Is.EqualTo(new[] { "cache:tts \"Hello\"", "welcome", "cache:say 42.5 as currency EUR" }));
            Assert.That(speech.Asked.Select(p => p.Language), Has.All.EqualTo("en-US"), "the dialplan's language");
        });
    }

    [Test]
    public void A_prompt_the_speech_cannot_say_is_noted_and_the_rest_plays()
    {
        var call = new PlainCall("1") { TransferSucceeds = false };
        var notes = new List<string>();

        Run(call, speech: new FakePromptSpeech { Refuse = true }, observer: new NoteTaker(notes));

        Assert.That(call.Played[0], Is.EqualTo(new[] { "welcome" }));
        Assert.That(notes, Has.Some.EqualTo("cannot speak tts \"Hello\": refused by the fake"));
    }

    [Test]
    public void A_successful_refer_ends_the_flow_as_transferred()
    {
        var call = new PlainCall("1") { TransferSucceeds = true };

        var result = Run(call);

        Assert.That(result.Outcome, Is.EqualTo(FlowResult.Transferred));
    }

    [Test]
    public void A_failing_step_hangs_up_with_cause_error()
    {
        var call = new PlainCall("1") { PlayFails = true };

        var result = Run(call);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(FlowResult.Error));
            Assert.That(result.Cause, Does.Contain("prompt 'welcome' not found"));
            Assert.That(call.HangupCause, Is.EqualTo("error"));
        });
    }

    [Test]
    public void A_bridged_number_goes_as_dialled_with_its_caller_id_and_a_blind_one_is_referred_as_a_tel_uri()
    {
        const string transfers = """
            dialplan: transfers
            flows:
              main:
                - answer
                - transfer: '+442079460000'
                  caller_id: '${caller}'
                  fallback:
                    - transfer: '+442079460001'
                      mode: blind
                      fallback:
                        - hangup: busy
            """;
        var call = new PlainCall("1") { TransferSucceeds = false };

        var result = Run(call, transfers);

        Assert.Multiple(() =>
        {
            Assert.That(call.Transfers, Is.EqualTo(new[] { "+442079460000", "tel:+442079460001" }), "a bridge dials the number through the trunks; REFER needs a URI");
            Assert.That(call.Modes, Is.EqualTo(new[] { Telephony.Calls.Control.TransferMode.Bridge, Telephony.Calls.Control.TransferMode.Blind }));
            Assert.That(call.CallerIds, Is.EqualTo(new[] { "+15551234", null }));
            Assert.That(result.ToString(), Does.StartWith("hangup busy"));
        });
    }

    private static FlowResult Run(PlainCall call, string flow = Flow, IPromptSpeech? speech = null, IFlowObserver? observer = null)
    {
        var model = DialplanLoader.Parse("plain.yaml", flow, new DialplanOptions(null)).Model!;
        using var http = new HttpClient();
        var match = DialplanRouter.Route([model], CallInfo.From(call), TimeProvider.System)!;
        return FlowRunner.RunAsync(match, call, new FlowRuntimeOptions(http, TimeProvider.System, Speech: speech), observer ?? NullFlowObserver.Instance).GetAwaiter().GetResult();
    }

    /// <summary>
    /// A fake: the dialplan layer may not reference the speech engines (the server wires them, and
    /// its DialplanSpeechTests use the real ones), so this names what it was asked for instead.
    /// </summary>
    private sealed class FakePromptSpeech : IPromptSpeech
    {
        public List<RenderedPrompt> Asked { get; } = [];

        public bool Refuse { get; init; }

        public Task<SpokenPrompt> RenderAsync(RenderedPrompt prompt, CancellationToken cancellationToken)
        {
            Asked.Add(prompt);
            return Task.FromResult(Refuse ? SpokenPrompt.Failed("refused by the fake") : new SpokenPrompt(["cache:" + prompt]));
        }
    }

    private sealed class NoteTaker(List<string> notes) : IFlowObserver
    {
        public void StepEntered(Telephony.Dialplan.Model.Flow flow, Telephony.Dialplan.Model.Step step)
        {
        }

        public void VariableSet(string name, object? value)
        {
        }

        public void HttpCalled(string method, string url, int status, string? error)
        {
        }

        public void Note(string text) => notes.Add(text);
    }

    /// <summary>An <see cref="ICall"/> with scripted digits that records what the flow asked of it.</summary>
    private sealed class PlainCall(string digits) : ICall
    {
        private readonly Queue<char> _digits = new(digits);
        private readonly CancellationTokenSource _ended = new();

        public List<IReadOnlyList<string>> Played { get; } = [];

        public List<string> Transfers { get; } = [];

        public List<Telephony.Calls.Control.TransferMode> Modes { get; } = [];

        public List<string?> CallerIds { get; } = [];

        public bool TransferSucceeds { get; init; }

        public bool PlayFails { get; init; }

        public string? HangupCause { get; private set; }

        public string CallId => "plain";

        public string From => "sip:+15551234@example.com";

        public string To => "sip:100@example.com";

        public CancellationToken Ended => _ended.Token;

        public Task RingAsync(TimeSpan duration) => Task.CompletedTask;

        public Task AnswerAsync() => Task.CompletedTask;

        public Task PlayAsync(IReadOnlyList<string> prompts, bool interruptible)
        {
            Played.Add(prompts);
            return PlayFails ? throw new FileNotFoundException("prompt 'welcome' not found") : Task.CompletedTask;
        }

        public Task<string> GatherDigitsAsync(GatherOptions options) =>
            Task.FromResult(_digits.TryDequeue(out var d) ? d.ToString() : string.Empty);

        public Task HangupAsync(string cause = "normal")
        {
            HangupCause ??= cause;
            _ended.Cancel();
            return Task.CompletedTask;
        }

        public string Header(string name) => string.Empty;

        // The runtime does not use play lists, tones or playback control yet: calling them fails the test.
        public Task<Telephony.Calls.Playback.PlayListResult> PlayListAsync(IReadOnlyList<Telephony.Calls.Playback.PlayListItem> items, bool interruptible) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlayToneAsync(Telephony.Calls.Playback.CallTone tone, TimeSpan? duration = null) => throw new NotSupportedException();

        public Task<Telephony.Calls.Playback.PlayListResult> PlaySilenceAsync(TimeSpan duration) => throw new NotSupportedException();

        public Task SendDigitsAsync(string digits, TimeSpan? toneLength = null) => throw new NotSupportedException();

        public bool PausePlayback() => throw new NotSupportedException();

        public bool ResumePlayback() => throw new NotSupportedException();

        public void StopPlayback() => throw new NotSupportedException();

        public Task<Telephony.Calls.Control.CallAttemptResult> TransferAsync(string target, Telephony.Calls.Control.TransferMode mode, TimeSpan timeout, string? callerId = null)
        {
            Transfers.Add(target);
            Modes.Add(mode);
            CallerIds.Add(callerId);
            return Task.FromResult(new Telephony.Calls.Control.CallAttemptResult(TransferSucceeds, TransferSucceeds ? 200 : 486, TransferSucceeds ? "answered" : "busy", "plain"));
        }
    }
}
