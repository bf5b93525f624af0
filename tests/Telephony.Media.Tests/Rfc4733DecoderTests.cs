using Telephony.Media.Dtmf;
using Telephony.Media.Rtp;

namespace Telephony.Media.Tests;

public class Rfc4733DecoderTests
{
    private static byte[] Event(byte ev, bool end, ushort duration, byte volume = 10) =>
        [ev, (byte)((end ? 0x80 : 0) | volume), (byte)(duration >> 8), (byte)duration];

    [Test]
    public void One_press_with_updates_and_three_end_packets_is_one_digit()
    {
        var decoder = new Rfc4733Decoder();
        var packets = new[] { Event(5, false, 0), Event(5, false, 160), Event(5, false, 320), Event(5, true, 480), Event(5, true, 480), Event(5, true, 480) };

        var digits = packets.Select(p => decoder.TryDecode(p, 1000, out var d) ? d.Digit : (char?)null).Where(d => d is not null).ToList();

        Assert.That(digits, Is.EqualTo(new char?[] { '5' }));
    }

    [Test]
    public void The_same_key_pressed_twice_is_two_digits()
    {
        var decoder = new Rfc4733Decoder();

        Assert.Multiple(() =>
        {
            Assert.That(decoder.TryDecode(Event(1, false, 0), 1000, out _), Is.True);
            Assert.That(decoder.TryDecode(Event(1, true, 800), 1000, out _), Is.False);
            Assert.That(decoder.TryDecode(Event(1, false, 0), 3000, out var second), Is.True);
            Assert.That(second.Digit, Is.EqualTo('1'));
        });
    }

    [Test]
    public void A_lost_start_still_yields_the_digit_once_from_the_end_packets()
    {
        var decoder = new Rfc4733Decoder();

        Assert.That(decoder.TryDecode(Event(11, true, 800), 5000, out var d), Is.True);
        Assert.That(d, Is.EqualTo(new DtmfDigit('#', 10, 800, true)));
        Assert.That(decoder.TryDecode(Event(11, true, 800), 5000, out _), Is.False);
    }

    [Test]
    public void Late_packets_of_an_earlier_event_are_not_new_presses()
    {
        var decoder = new Rfc4733Decoder();
        decoder.TryDecode(Event(1, false, 0), 1000, out _);
        decoder.TryDecode(Event(2, false, 0), 2000, out _);

        Assert.That(decoder.TryDecode(Event(1, true, 480), 1000, out _), Is.False);
    }

    [Test]
    public void Malformed_and_non_dtmf_events_are_ignored_and_counted()
    {
        var decoder = new Rfc4733Decoder();

        Assert.Multiple(() =>
        {
            Assert.That(decoder.TryDecode([1, 2], 1, out _), Is.False);
            Assert.That(decoder.TryDecode(Event(16, false, 0), 2, out _), Is.False);
            Assert.That(decoder.Malformed, Is.EqualTo(1));
        });
    }

    [TestCase("0", '0')]
    [TestCase("1", '1')]
    [TestCase("2", '2')]
    [TestCase("3", '3')]
    [TestCase("4", '4')]
    [TestCase("5", '5')]
    [TestCase("6", '6')]
    [TestCase("7", '7')]
    [TestCase("8", '8')]
    [TestCase("9", '9')]
    [TestCase("star", '*')]
    [TestCase("pound", '#')]
    public void Each_of_sipps_rfc2833_captures_yields_exactly_its_digit(string name, char expected)
    {
        var path = $"/usr/share/sip-tester/dtmf_2833_{name}.pcap";
        Assert.That(File.Exists(path), Is.True, $"{path} missing: install the Debian package sip-tester");
        var decoder = new Rfc4733Decoder();
        var digits = new List<char>();

        foreach (var packet in PcapReader.UdpPayloads(path))
        {
            Assert.That(RtpHeader.TryRead(packet, out var header, out var offset, out var length), Is.True);
            Assert.That(header.PayloadType, Is.EqualTo(101));
            if (decoder.TryDecode(packet.AsSpan(offset, length), header.Timestamp, out var digit))
            {
                digits.Add(digit.Digit);
            }
        }

        Assert.That(digits, Is.EqualTo(new[] { expected }));
    }
}
