using System.Net;
using Telephony.Calls.Screening;

namespace Telephony.Calls.Tests.Screening;

/// <summary>Inbound call limits: overall, per address, unconfirmed per address; trusted networks exempt from the per-address ones.</summary>
public class CallAdmissionTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.9");
    private static readonly IPAddress Caller = IPAddress.Parse("198.51.100.20");
    private static readonly IPAddress Trunk = IPAddress.Parse("192.0.2.1");

    private static CallAdmission Admission(CallLimits limits) => new(limits, a => a.Equals(Trunk));

    [Test]
    public void Unconfirmed_calls_from_one_address_stop_at_the_limit_and_others_still_get_in()
    {
        var admission = Admission(new CallLimits(100, 50, 3));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(admission.TryAdmit(Attacker, out _), Is.Not.Null);
        }

        Assert.Multiple(() =>
        {
            Assert.That(admission.TryAdmit(Attacker, out var why), Is.Null);
            Assert.That(why, Is.EqualTo("source-unconfirmed"));
            Assert.That(admission.TryAdmit(Caller, out _), Is.Not.Null, "another address is not held up");
            Assert.That(admission.Refused, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_confirmed_call_frees_an_unconfirmed_slot_but_still_counts_against_the_source()
    {
        var admission = Admission(new CallLimits(100, 3, 2));
        var first = admission.TryAdmit(Caller, out _)!;
        admission.TryAdmit(Caller, out _);
        first.Confirm();
        first.Confirm(); // once only

        Assert.That(admission.From(Caller), Is.EqualTo((2, 1)));
        Assert.That(admission.TryAdmit(Caller, out _), Is.Not.Null);
        Assert.That(admission.TryAdmit(Caller, out var why), Is.Null);
        Assert.That(why, Is.EqualTo("source-calls"));
    }

    [Test]
    public void Released_calls_give_their_slots_back_and_the_table_forgets_idle_addresses()
    {
        var admission = Admission(new CallLimits(2, 10, 10));
        var a = admission.TryAdmit(Caller, out _)!;
        var b = admission.TryAdmit(Attacker, out _)!;
        Assert.That(admission.TryAdmit(Caller, out var why), Is.Null);
        Assert.That(why, Is.EqualTo("max-calls"));

        a.Confirm();
        a.Release();
        b.Release();
        b.Release(); // once only

        Assert.Multiple(() =>
        {
            Assert.That(admission.Calls, Is.Zero);
            Assert.That(admission.From(Caller), Is.EqualTo((0, 0)));
            Assert.That(admission.From(Attacker), Is.EqualTo((0, 0)));
            Assert.That(admission.TryAdmit(Caller, out _), Is.Not.Null);
        });
    }

    [Test]
    public void A_trusted_trunk_is_held_only_by_the_overall_limit()
    {
        var admission = Admission(new CallLimits(10, 1, 1));
        for (var i = 0; i < 10; i++)
        {
            Assert.That(admission.TryAdmit(Trunk, out _), Is.Not.Null, $"call {i + 1}");
        }

        Assert.That(admission.TryAdmit(Trunk, out var why), Is.Null);
        Assert.That(why, Is.EqualTo("max-calls"));
    }

    [Test]
    public void Zero_means_no_limit()
    {
        var admission = Admission(CallLimits.None);
        for (var i = 0; i < 1000; i++)
        {
            Assert.That(admission.TryAdmit(Attacker, out _), Is.Not.Null);
        }
    }
}
