using Telephony.Media.Quality;

namespace Telephony.Media.Tests.Quality;

public class EModelTests
{
    [Test]
    public void Default_rating_maps_to_a_mos_of_4_41()
    {
        // 1 + 0.035·93.2 + 93.2·33.2·6.8·7e-6 = 1 + 3.262 + 0.1473 = 4.409.
        Assert.That(EModel.Mos(93.2), Is.EqualTo(4.41).Within(0.005));
        Assert.That(EModel.RFactor(0, 0), Is.EqualTo(93.2));
    }

    [Test]
    public void Mos_is_clamped_outside_zero_to_one_hundred()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EModel.Mos(-5), Is.EqualTo(1));
            Assert.That(EModel.Mos(0), Is.EqualTo(1));
            Assert.That(EModel.Mos(100), Is.EqualTo(4.5));
            Assert.That(EModel.Mos(120), Is.EqualTo(4.5));
            Assert.That(EModel.Mos(50), Is.EqualTo(1 + 1.75 + (50 * -10 * 50 * 7e-6)).Within(1e-12));
        });
    }

    [Test]
    public void Loss_of_one_and_five_percent_with_g711_plc()
    {
        // Ie,eff = 95·Ppl / (Ppl + 25.1): 1% → 3.640, 5% → 15.78.
        var r1 = EModel.RFactor(0, 1);
        var r5 = EModel.RFactor(0, 5);

        Assert.Multiple(() =>
        {
            Assert.That(EModel.EffectiveEquipmentImpairment(1), Is.EqualTo(95 / 26.1).Within(1e-9));
            Assert.That(r1, Is.EqualTo(89.56).Within(0.01));
            Assert.That(r5, Is.EqualTo(77.42).Within(0.01));
            Assert.That(EModel.Mos(r1), Is.EqualTo(4.33).Within(0.01));
            Assert.That(EModel.Mos(r5), Is.EqualTo(3.92).Within(0.01));
            Assert.That(EModel.Mos(r5), Is.LessThan(EModel.Mos(r1)));
            Assert.That(EModel.Mos(r1), Is.LessThan(EModel.Mos(93.2)));
        });
    }

    [Test]
    public void Concealment_makes_loss_hurt_less()
    {
        Assert.That(EModel.RFactor(0, 2, bpl: EModel.G711NoPlcBpl), Is.LessThan(EModel.RFactor(0, 2)));
        Assert.That(EModel.RFactor(0, 2, burstRatio: 2), Is.LessThan(EModel.RFactor(0, 2)), "bursty loss hurts more");
    }

    [Test]
    public void Delay_costs_nothing_up_to_100_ms_then_grows()
    {
        // At 200 ms, X = 1: 25·(2^(1/6) − 3·(1 + 1/729)^(1/6) + 2) = 25·(1.122462 − 3.000686 + 2) = 3.044.
        Assert.Multiple(() =>
        {
            Assert.That(EModel.DelayImpairment(0), Is.Zero);
            Assert.That(EModel.DelayImpairment(100), Is.Zero);
            Assert.That(EModel.DelayImpairment(200), Is.EqualTo(3.044).Within(0.001));
            Assert.That(EModel.DelayImpairment(400), Is.GreaterThan(15));
        });
    }

    [Test]
    public void Mos_only_goes_down_as_loss_or_delay_go_up()
    {
        var previous = double.MaxValue;
        for (var loss = 0.0; loss <= 30; loss += 0.25)
        {
            var mos = EModel.Mos(EModel.RFactor(50, loss));
            Assert.That(mos, Is.LessThan(previous), $"loss {loss}%");
            previous = mos;
        }

        previous = double.MaxValue;
        for (var delay = 100.0; delay <= 800; delay += 10)
        {
            var mos = EModel.Mos(EModel.RFactor(delay, 1));
            Assert.That(mos, Is.LessThan(previous), $"delay {delay} ms");
            previous = mos;
        }

        // The G.107 polynomial dips under 1 below R = 80 − √5400 ≈ 6.51; the MOS is held at 1 there.
        previous = 1;
        for (var r = 0.0; r <= 100; r += 0.5)
        {
            Assert.That(EModel.Mos(r), r > 6.5 ? Is.GreaterThan(previous) : Is.EqualTo(1), $"R {r}");
            previous = EModel.Mos(r);
        }
    }
}
