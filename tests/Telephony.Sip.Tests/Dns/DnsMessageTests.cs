using System.Net;
using Telephony.Sip.Dns;

namespace Telephony.Sip.Tests.Dns;

/// <summary>The DNS codec: queries as RFC 1035 lays them out, responses with compression, and hostile bytes.</summary>
public class DnsMessageTests
{
    // A real answer from dnsmasq 2.90 to "_sip._udp.trunk.test SRV": two SRV records with uncompressed
    // targets and three additional address records whose names point into those targets.
    private const string DnsmasqSrvAnswer =
        "123485800001000200000003045f736970045f756470057472756e6b04746573740000210001c00c002100010000012c0018" +
        "0014000013d805686f737432057472756e6b047465737400c00c002100010000012c0018000a003c13ce05686f737431057472" +
        "756e6b047465737400c05c000100010000012c00047f000005c05c001c00010000012c0010000000000000000000000000000000" +
        "05c038000100010000012c00047f000006";

    [Test]
    public void Query_is_laid_out_as_rfc_1035_says()
    {
        var buffer = new byte[64];

        var ok = DnsMessage.TryWriteQuery(buffer, 0xBEEF, new DnsQuestion("sip.Example.com.", DnsRecordType.Srv), true, out var n);

        Assert.That(ok, Is.True);
        Assert.That(Convert.ToHexString(buffer, 0, n), Is.EqualTo(
            "BEEF" + "0100" + "0001" + "0000" + "0000" + "0000" +
            "03736970" + "074578616D706C65" + "03636F6D" + "00" + "0021" + "0001"));
    }

    [Test]
    public void Query_round_trips_through_the_parser()
    {
        var buffer = new byte[DnsMessage.MaxUdpSize];
        DnsMessage.TryWriteQuery(buffer, 4242, new DnsQuestion("_sips._tcp.trunk.example", DnsRecordType.Srv), true, out var n);

        var ok = DnsMessage.TryParse(buffer.AsSpan(0, n), out var message, out var error);

        Assert.That(ok, Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(message!.Id, Is.EqualTo(4242));
            Assert.That(message.IsResponse, Is.False);
            Assert.That(message.RecursionDesired, Is.True);
            Assert.That(message.OperationCode, Is.Zero);
            Assert.That(message.Questions, Is.EqualTo(new[] { new DnsQuestion("_sips._tcp.trunk.example", DnsRecordType.Srv) }));
            Assert.That(message.Answers, Is.Empty);
        });
    }

    [Test]
    public void Root_name_is_one_zero_octet()
    {
        var buffer = new byte[32];

        DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(".", DnsRecordType.A), false, out var n);

        Assert.That(Convert.ToHexString(buffer, 12, n - 12), Is.EqualTo("00" + "0001" + "0001"));
        Assert.That(buffer[2], Is.Zero, "RD off when not asked for");
    }

    [TestCase("a..b")]
    [TestCase(".a")]
    [TestCase("h\u00e9.example")]
    [TestCase("with space.example")]
    [TestCase("back\\slash.example")]
    public void Names_that_are_no_hostnames_are_refused(string name)
    {
        var buffer = new byte[DnsMessage.MaxUdpSize];

        Assert.That(DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(name, DnsRecordType.A), true, out _), Is.False);
    }

    [Test]
    public void Labels_over_63_and_names_over_255_octets_are_refused()
    {
        var buffer = new byte[1024];
        var label63 = new string('x', 63);
        var longest = string.Join('.', label63, label63, label63, new string('y', 61)); // 64*3 + 62 + 1 = 255

        Assert.Multiple(() =>
        {
            Assert.That(DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(label63 + ".example", DnsRecordType.A), true, out _), Is.True);
            Assert.That(DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(new string('x', 64) + ".example", DnsRecordType.A), true, out _), Is.False);
            Assert.That(DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(longest, DnsRecordType.A), true, out _), Is.True);
            Assert.That(DnsMessage.TryWriteQuery(buffer, 1, new DnsQuestion(longest + "y", DnsRecordType.A), true, out _), Is.False);
        });
    }

    [Test]
    public void A_buffer_too_small_is_refused_at_every_length()
    {
        var question = new DnsQuestion("host.trunk.test", DnsRecordType.Aaaa);
        DnsMessage.TryWriteQuery(new byte[512], 7, question, true, out var needed);

        for (var size = 0; size < needed; size++)
        {
            Assert.That(DnsMessage.TryWriteQuery(new byte[size], 7, question, true, out _), Is.False, $"buffer of {size}");
        }

        Assert.That(DnsMessage.TryWriteQuery(new byte[needed], 7, question, true, out _), Is.True);
    }

    [Test]
    public void Parses_a_real_srv_answer_with_compressed_additionals()
    {
        var ok = DnsMessage.TryParse(Convert.FromHexString(DnsmasqSrvAnswer), out var message, out var error);

        Assert.That(ok, Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(message!.Id, Is.EqualTo(0x1234));
            Assert.That(message.IsResponse, Is.True);
            Assert.That(message.IsAuthoritative, Is.True);
            Assert.That(message.IsTruncated, Is.False);
            Assert.That(message.ResponseCode, Is.EqualTo(DnsResponseCode.NoError));
            Assert.That(message.Questions.Single(), Is.EqualTo(new DnsQuestion("_sip._udp.trunk.test", DnsRecordType.Srv)));
            Assert.That(message.Answers, Is.EqualTo(new DnsRecord[]
            {
                new DnsSrvRecord("_sip._udp.trunk.test", 300, Priority: 20, Weight: 0, Port: 5080, Target: "host2.trunk.test"),
                new DnsSrvRecord("_sip._udp.trunk.test", 300, Priority: 10, Weight: 60, Port: 5070, Target: "host1.trunk.test"),
            }));
            Assert.That(message.Additionals, Is.EqualTo(new DnsRecord[]
            {
                new DnsAddressRecord("host1.trunk.test", 300, IPAddress.Parse("127.0.0.5")),
                new DnsAddressRecord("host1.trunk.test", 300, IPAddress.Parse("::5")),
                new DnsAddressRecord("host2.trunk.test", 300, IPAddress.Parse("127.0.0.6")),
            }));
        });
    }

    [Test]
    public void Parses_cname_chains_aaaa_and_compressed_srv_targets()
    {
        var bytes = new DnsPacketBuilder(9, DnsPacketBuilder.ResponseFlags(), 1, 4)
            .Question("www.example.org", 1)
            .CName("www.example.org", 60, "edge.cdn.example.org")
            .A("edge.cdn.example.org", 30, "192.0.2.7")
            .Aaaa("edge.cdn.example.org", 45, "2001:db8::7")
            .Srv("_sip._tcp.example.org", 3600, 1, 2, 5060, "edge.cdn.example.org")
            .Build();

        var ok = DnsMessage.TryParse(bytes, out var message, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(message!.Answers, Is.EqualTo(new DnsRecord[]
        {
            new DnsCNameRecord("www.example.org", 60, "edge.cdn.example.org"),
            new DnsAddressRecord("edge.cdn.example.org", 30, IPAddress.Parse("192.0.2.7")),
            new DnsAddressRecord("edge.cdn.example.org", 45, IPAddress.Parse("2001:db8::7")),
            new DnsSrvRecord("_sip._tcp.example.org", 3600, 1, 2, 5060, "edge.cdn.example.org"),
        }));
        Assert.That(message.Answers.Select(r => r.Type), Is.EqualTo(new[]
        {
            DnsRecordType.CName, DnsRecordType.A, DnsRecordType.Aaaa, DnsRecordType.Srv,
        }));
    }

    [Test]
    public void Reads_nxdomain_and_the_truncation_bit()
    {
        var nx = new DnsPacketBuilder(1, DnsPacketBuilder.ResponseFlags(rcode: 3), 1, 0).Question("nope.example", 1).Build();
        var tc = new DnsPacketBuilder(2, DnsPacketBuilder.ResponseFlags(truncated: true), 1, 0).Question("big.example", 33).Build();

        var nxMessage = Parse(nx);
        var tcMessage = Parse(tc);

        Assert.Multiple(() =>
        {
            Assert.That(nxMessage.ResponseCode, Is.EqualTo(DnsResponseCode.NameError));
            Assert.That(nxMessage.IsTruncated, Is.False);
            Assert.That(tcMessage.ResponseCode, Is.EqualTo(DnsResponseCode.NoError));
            Assert.That(tcMessage.IsTruncated, Is.True);
            Assert.That(tcMessage.RecursionAvailable, Is.True);
        });
    }

    [Test]
    public void Ttl_with_the_top_bit_set_counts_as_zero()
    {
        var bytes = new DnsPacketBuilder(1, DnsPacketBuilder.ResponseFlags(), 0, 1).A("a.example", 0x80000000, "192.0.2.1").Build();

        var message = Parse(bytes);

        Assert.That(message.Answers.Single().TimeToLive, Is.Zero);
    }

    [Test]
    public void Other_types_and_classes_are_skipped_not_refused()
    {
        var bytes = new DnsPacketBuilder(1, DnsPacketBuilder.ResponseFlags(), 0, 3)
            .Record("a.example", 16, 60, [3, (byte)'a', (byte)'b', (byte)'c'])                // TXT
            .Record("a.example", 1, 60, [192, 0, 2, 1], @class: 3)                             // CHAOS A
            .A("a.example", 60, "192.0.2.2")
            .Build();

        var ok = DnsMessage.TryParse(bytes, out var message, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(message!.Answers, Is.EqualTo(new[] { new DnsAddressRecord("a.example", 60, IPAddress.Parse("192.0.2.2")) }));
    }

    [Test]
    public void Odd_octets_in_labels_are_escaped_so_they_cannot_forge_a_dot()
    {
        var bytes = new DnsPacketBuilder(1, DnsPacketBuilder.ResponseFlags(), 1, 0)
            .Raw(3, (byte)'a', (byte)'.', (byte)'b', 2, (byte)'\\', 0x07, 0).UInt16(1).UInt16(1)
            .Build();

        var message = Parse(bytes);

        Assert.That(message.Questions.Single().Name, Is.EqualTo("a\\046b.\\092\\007"));
    }

    [Test]
    public void Pointer_to_itself_is_refused()
    {
        var bytes = Header(questions: 1).Raw(0xC0, 12).UInt16(1).UInt16(1).Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Pointers_that_chase_each_other_are_refused()
    {
        // Question name: "a" then a pointer forward to the answer's name, which points back to the question.
        var bytes = Header(questions: 1, answers: 1)
            .Raw(1, (byte)'a', 0xC0, 20).UInt16(1).UInt16(1)        // 12..19
            .Raw(0xC0, 12).UInt16(1).UInt16(1).UInt32(60).UInt16(4).Raw(192, 0, 2, 1)
            .Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Backward_pointer_whose_target_leads_back_again_is_refused()
    {
        // The id 0xC00C is also a pointer to offset 12: the name "a" -> id field -> "a" -> ... would never end.
        var bytes = new DnsPacketBuilder(0xC00C, DnsPacketBuilder.ResponseFlags(), 1, 0)
            .Raw(1, (byte)'a', 0xC0, 0).UInt16(1).UInt16(1)
            .Build();

        AssertMalformed(bytes);
    }

    [TestCase(0xC0, 0xFF)]
    [TestCase(0xFF, 0xFF)]
    public void Pointer_past_the_end_is_refused(int high, int low)
    {
        var bytes = Header(questions: 1).Raw((byte)high, (byte)low).UInt16(1).UInt16(1).Build();

        AssertMalformed(bytes);
    }

    [TestCase(0x40)]
    [TestCase(0x80)]
    public void Reserved_label_types_are_refused(int head)
    {
        var bytes = Header(questions: 1).Raw((byte)head, 0, 0).UInt16(1).UInt16(1).Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Name_longer_than_255_octets_through_compression_is_refused()
    {
        var label = new string('a', 63);
        var bytes = Header(questions: 2)
            .Question($"{label}.{label}.{label}", 1, compress: false)   // 193 octets
            .Raw(63).Raw([.. new string('b', 63).Select(c => (byte)c)]).Raw(0xC0, 12).UInt16(1).UInt16(1)
            .Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Huge_counts_are_refused_without_reading_on()
    {
        var bytes = Header(questions: 1, answers: 65535, authorities: 65535, additionals: 65535)
            .Question("a.example", 1).Build();

        AssertMalformed(bytes, "counts");
    }

    [Test]
    public void Every_truncation_of_a_real_answer_is_refused()
    {
        var whole = Convert.FromHexString(DnsmasqSrvAnswer);

        for (var length = 0; length < whole.Length; length++)
        {
            Assert.That(DnsMessage.TryParse(whole.AsSpan(0, length), out _, out var error), Is.False, $"{length} bytes");
            Assert.That(error, Is.Not.Empty);
        }
    }

    [Test]
    public void Record_data_running_past_the_end_is_refused()
    {
        var bytes = Header(answers: 1).Name("a.example").UInt16(1).UInt16(1).UInt32(60).UInt16(40).Raw(192, 0, 2, 1).Build();

        AssertMalformed(bytes);
    }

    [TestCase(1, 3)]
    [TestCase(1, 16)]
    [TestCase(28, 4)]
    public void Address_records_of_the_wrong_length_are_refused(int type, int length)
    {
        var bytes = Header(answers: 1).Record("a.example", (ushort)type, 60, new byte[length]).Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Srv_target_overrunning_its_record_is_refused()
    {
        // RDLENGTH 8 covers priority, weight, port and 2 octets of a 4-octet name.
        var bytes = Header(answers: 2)
            .Name("_sip._udp.x").UInt16(33).UInt16(1).UInt32(60).UInt16(8).UInt16(1).UInt16(1).UInt16(5060).Raw(1, (byte)'h', 0, 0)
            .A("x", 60, "192.0.2.1")
            .Build();

        AssertMalformed(bytes);
    }

    [Test]
    public void Random_corruption_never_throws()
    {
        var original = Convert.FromHexString(DnsmasqSrvAnswer);
        var random = new Random(20240601);
        var parsed = 0;

        Assert.DoesNotThrow(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var bytes = (byte[])original.Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                var cut = random.Next(2) == 0 ? bytes.Length : random.Next(bytes.Length);
                if (DnsMessage.TryParse(bytes.AsSpan(0, cut), out var message, out _))
                {
                    parsed += message.Answers.Count + 1;
                }
            }
        });
        Assert.That(parsed, Is.Positive, "some corruptions only touch values and still parse");
    }

    private static DnsPacketBuilder Header(int questions = 0, int answers = 0, int authorities = 0, int additionals = 0) =>
        new(0x1234, DnsPacketBuilder.ResponseFlags(), questions, answers, authorities, additionals);

    private static DnsMessage Parse(byte[] bytes)
    {
        var ok = DnsMessage.TryParse(bytes, out var message, out var error);
        Assert.That(ok, Is.True, error);
        return message!;
    }

    private static void AssertMalformed(byte[] bytes, string? reason = null)
    {
        var ok = DnsMessage.TryParse(bytes, out var message, out var error);

        Assert.That(ok, Is.False, () => $"parsed as {message?.Questions.Count} questions, {message?.Answers.Count} answers");
        Assert.That(message, Is.Null);
        Assert.That(error, reason is null ? Is.Not.Empty : Does.Contain(reason));
    }
}
