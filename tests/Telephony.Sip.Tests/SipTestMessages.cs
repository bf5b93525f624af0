namespace Telephony.Sip.Tests;

/// <summary>Typical messages as real peers send them (sipp's built-in uac scenario, baresip).</summary>
internal static class SipTestMessages
{
    public const string SdpBody =
        "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public static string Invite(int port, string branch = "z9hG4bK-1-1-0", string callId = "1-1@127.0.0.1", string body = SdpBody) =>
        $"INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch}\r\n" +
        $"From: sipp <sip:sipp@127.0.0.1:{port}>;tag=1SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        $"Contact: sip:sipp@127.0.0.1:{port}\r\n" +
        "Max-Forwards: 70\r\n" +
        "Subject: Performance Test\r\n" +
        "Content-Type: application/sdp\r\n" +
        $"Content-Length: {body.Length}\r\n\r\n" + body;

    public static string Request(string method, int port, string branch, string callId, string? toTag = null, int cseq = 1) =>
        $"{method} sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch}\r\n" +
        $"From: sipp <sip:sipp@127.0.0.1:{port}>;tag=1SIPpTag001\r\n" +
        $"To: service <sip:service@127.0.0.1:5060>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Max-Forwards: 70\r\n" +
        "Content-Length: 0\r\n\r\n";
}
