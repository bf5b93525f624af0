using Telephony.Dialplan.Model;
using Telephony.Dialplan.Model.Steps;

namespace Telephony.Dialplan.Tests;

/// <summary>The dialplans shipped in dialplans/ validate clean against the shipped prompts.</summary>
public class SampleDialplanTests
{
    [TestCase("demo.yaml")]
    [TestCase("bank.yaml")]
    [TestCase("outage.yaml")]
    [TestCase("cards.yaml")]
    public void Sample_is_valid(string name)
    {
        var result = DialplanLoader.LoadFile(TestPaths.Sample(name), new DialplanOptions(TestPaths.RepoPrompts));

        Assert.Multiple(() =>
        {
            Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
            Assert.That(result.IsValid, Is.True);
        });
    }

    [Test]
    public void Demo_is_the_built_in_demo_flow()
    {
        var model = Load("demo.yaml");
        var main = model.Flows["main"];

        Assert.That(main.Steps.Select(s => s.Kind), Is.EqualTo(new[] { "answer", "play", "gather", "if", "play", "hangup" }));
        var welcome = (PlayStep)main.Steps[1];
        var gather = (GatherStep)main.Steps[2];
        var readBack = (IfStep)main.Steps[3];
        Assert.Multiple(() =>
        {
            Assert.That(welcome.Interruptible, Is.True);
            Assert.That(((FilePrompt)welcome.Prompts[0]).Path.Constant, Is.EqualTo("welcome"));
            var demo = Telephony.Calls.Flows.DemoFlowOptions.Default.Gather;
            Assert.That((gather.Max, gather.Terminator, gather.Timeout, gather.InterDigitTimeout), Is.EqualTo((demo.MaxDigits, demo.Terminator, demo.FirstDigitTimeout, demo.InterDigitTimeout)));
            Assert.That(((FilePrompt)((PlayStep)readBack.Then.Block![0]).Prompts[0]).Path.Constant, Is.EqualTo("no-input"));
            Assert.That(((FilePrompt)((PlayStep)readBack.Else!.Block![0]).Prompts[0]).Path.Constant, Is.EqualTo("you-entered"));
            Assert.That(((FilePrompt)((PlayStep)main.Steps[4]).Prompts[0]).Path.Constant, Is.EqualTo("goodbye"));
            Assert.That(readBack.Else!.Block!.Select(s => s.Kind), Is.EqualTo(new[] { "play", "say" }));
            Assert.That(((SayPrompt)((PlayStep)readBack.Else.Block![1]).Prompts[0]).As, Is.EqualTo(SayAs.Digits));
        });
    }

    [Test]
    public void Bank_routes_premier_callers_by_number_and_header_and_keeps_business_hours()
    {
        var model = Load("bank.yaml");
        var premier = model.Routes[0];
        var business = model.Hours["business"];
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        Assert.Multiple(() =>
        {
            Assert.That(premier.FlowName, Is.EqualTo("premier"));
            Assert.That(premier.Did.Single().IsMatch("+442079460100"), Is.True);
            Assert.That(premier.Headers.Single().Value.IsMatch("gold"), Is.True);
            Assert.That(premier.Headers.Single().Value.IsMatch("basic"), Is.False);
            Assert.That(business.TimeZone, Is.EqualTo(london));
            Assert.That(business.IsOpen(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)), Is.True, "Tuesday 09:00");
            Assert.That(business.IsOpen(new DateTimeOffset(2026, 12, 25, 10, 0, 0, TimeSpan.Zero)), Is.False, "Christmas");
            Assert.That(business.IsOpen(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero)), Is.False, "Sunday");
        });
    }

    [Test]
    public void Outage_menu_takes_speech_and_keys_and_files_a_ticket_by_webhook()
    {
        var main = Load("outage.yaml").Flows["main"];
        var menu = main.AllSteps.OfType<MenuStep>().Single();
        var ticket = main.AllSteps.OfType<HttpStep>().Single(h => h.Method == "POST");

        Assert.Multiple(() =>
        {
            Assert.That(menu.Input, Is.EqualTo(InputMode.Both));
            Assert.That(menu.Choices.Select(c => c.Key), Is.EqualTo(new[] { "1", "2", "0" }));
            Assert.That(menu.Choices[0].Phrases, Does.Contain("no power"));
            Assert.That(ticket.Map.Single().Variable, Is.EqualTo("ticket"));
            Assert.That(((BodyObject)ticket.Body!).Members.Select(m => m.Key), Does.Contain("address"));
        });
    }

    private static DialplanModel Load(string name)
    {
        var result = DialplanLoader.LoadFile(TestPaths.Sample(name), new DialplanOptions(TestPaths.RepoPrompts));
        Assert.That(result.Diagnostics, Is.Empty);
        return result.Model!;
    }
}
