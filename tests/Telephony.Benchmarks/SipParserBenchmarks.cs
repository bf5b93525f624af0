using BenchmarkDotNet.Attributes;
using Telephony.Sip.Messages;

namespace Telephony.Benchmarks;

/// <summary>
/// Parse and serialize of one call's messages. "Parse" is what the transport does for every
/// datagram; "ParseAndRoute" adds what the stack reads of each (Via, CSeq, Call-ID, tags).
/// </summary>
[MemoryDiagnoser]
public class SipParserBenchmarks
{
    private SipMessage _parsed = null!;

    [Params("INVITE", "200", "ACK", "BYE")]
    public string Message { get; set; } = "INVITE";

    private byte[] Bytes => Message switch
    {
        "INVITE" => SipMessages.Invite,
        "200" => SipMessages.Ok,
        "ACK" => SipMessages.Ack,
        _ => SipMessages.Bye,
    };

    [GlobalSetup]
    public void Setup() => _parsed = SipParser.Parse(Bytes, false).Message!;

    [Benchmark]
    public SipParseStatus Parse() => SipParser.Parse(Bytes, isStream: false).Status;

    [Benchmark]
    public int ParseAndRoute()
    {
        var message = SipParser.Parse(Bytes, isStream: false).Message!;
        return (message.TopVia?.Branch?.Length ?? 0) + (int)(message.CSeq?.Number ?? 0) + (message.CallId?.Length ?? 0)
            + (message.To?.Tag?.Length ?? 0) + (message.From?.Tag?.Length ?? 0);
    }

    /// <summary>The allocation-free reader alone: what any parse costs before strings are made.</summary>
    [Benchmark]
    public SipParseStatus View()
    {
        Span<SipHeaderRange> slots = stackalloc SipHeaderRange[64];
        return SipMessageReader.Read(Bytes, isStream: false, SipParserLimits.Default, slots, out _).Status;
    }

    /// <summary>The reader plus the routing fields (top Via branch, CSeq, Call-ID, tags) read in place.</summary>
    [Benchmark]
    public long ViewAndRoute()
    {
        Span<SipHeaderRange> slots = stackalloc SipHeaderRange[64];
        SipMessageReader.Read(Bytes, isStream: false, SipParserLimits.Default, slots, out var view);
        view.TryGetCSeq(out var number, out var method);
        return view.TopViaBranch.Length + view.CallId.Length + view.FromTag.Length + view.ToTag.Length + number + method.Length;
    }

    [Benchmark]
    public int Serialize() => SipSerializer.Serialize(_parsed).Length;
}
