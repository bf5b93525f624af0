using Telephony.Media.Rtcp;

namespace Telephony.Media.Tests.Rtcp;

public class RtcpTimingTests
{
    [Test]
    public void Round_trip_is_arrival_minus_lsr_minus_dlsr_as_in_the_rfc_example()
    {
        // RFC 3550 §6.4.1, Figure 2: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2030 (46853.125 s),
        // DLSR = 0x0005:4000 (5.250 s): delay 0x0006:1fd0, which the RFC rounds to 6.125 s.
        var block = new RtcpReportBlock(1, 0, 0, 0, 0, 0xB7052030, 0x00054000);

        Assert.That(RtcpRoundTrip.TryCompute(block, 0xB7108000, out var rtt), Is.True);

        Assert.That(rtt, Is.EqualTo(NtpTime.FromShortFormat(0x00061FD0)));
        Assert.That(rtt.TotalSeconds, Is.EqualTo(6.125).Within(0.001));
    }

    [Test]
    public void Round_trip_is_unknown_without_a_sender_report_or_with_inconsistent_clocks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RtcpRoundTrip.TryCompute(new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0), 0xB7108000, out _), Is.False);
            Assert.That(RtcpRoundTrip.TryCompute(new RtcpReportBlock(1, 0, 0, 0, 0, 0xB7108000, 0x10000), 0xB7108000, out _), Is.False);
        });
    }

    [Test]
    public void Round_trip_survives_the_middle_32_bits_wrapping()
    {
        var block = new RtcpReportBlock(1, 0, 0, 0, 0, 0xFFFF8000, 0x00008000);

        Assert.That(RtcpRoundTrip.TryCompute(block, 0x00004000, out var rtt), Is.True);

        Assert.That(rtt, Is.EqualTo(TimeSpan.FromSeconds(0.25)));
    }

    [Test]
    public void Ntp_timestamp_of_a_known_instant()
    {
        // 1900-01-01 to 1970-01-01 is 2 208 988 800 s; half a second is fraction 0x80000000.
        var ntp = NtpTime.FromDateTime(new DateTime(1970, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc));

        Assert.That(ntp, Is.EqualTo((2_208_988_800UL << 32) | 0x80000000UL));
        Assert.That(NtpTime.Middle32(ntp), Is.EqualTo(unchecked((uint)(2_208_988_800UL << 16)) | 0x8000u));
    }

    [Test]
    public void Short_format_round_trips_and_saturates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(NtpTime.ToShortFormat(TimeSpan.FromSeconds(5.25)), Is.EqualTo(0x00054000u));
            Assert.That(NtpTime.FromShortFormat(0x00054000), Is.EqualTo(TimeSpan.FromSeconds(5.25)));
            Assert.That(NtpTime.ToShortFormat(TimeSpan.FromDays(2)), Is.EqualTo(uint.MaxValue));
            Assert.That(NtpTime.ToShortFormat(TimeSpan.FromSeconds(-1)), Is.Zero);
        });
    }

    [TestCase(false, 0.0, 2.5)]
    [TestCase(false, 0.5, 5.0)]
    [TestCase(false, 0.999, 7.495)]
    [TestCase(true, 0.0, 1.25)]
    [TestCase(true, 0.999, 3.7475)]
    public void Report_interval_is_five_seconds_randomised_by_half_to_one_and_a_half(bool initial, double uniform, double seconds) =>
        Assert.That(RtcpReportInterval.Next(initial, uniform).TotalSeconds, Is.EqualTo(seconds).Within(1e-9));

    [Test]
    public void Random_report_intervals_stay_in_range()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.That(RtcpReportInterval.Next(false), Is.InRange(TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7.5)));
        }
    }
}
