using System.Text;

namespace Telephony.Benchmarks;

/// <summary>Typical messages of one call as sipp's uac scenario and our server exchange them.</summary>
internal static class SipMessages
{
    public static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n" +
        "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>\r\n" +
        "Call-ID: 1-4242@127.0.0.1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: sip:sipp@127.0.0.1:5061\r\n" +
        "Max-Forwards: 70\r\n" +
        "Subject: Performance Test\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 129\r\n\r\n" +
        "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");

    public static readonly byte[] Ok = Encoding.ASCII.GetBytes(
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n" +
        "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>;tag=a1b2c3d4e5f6\r\n" +
        "Call-ID: 1-4242@127.0.0.1\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:telephony@127.0.0.1:5060>\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO\r\n" +
        "Server: Telephony\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 0\r\n\r\n");

    public static readonly byte[] Ack = Encoding.ASCII.GetBytes(
        "ACK sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-5\r\n" +
        "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>;tag=a1b2c3d4e5f6\r\n" +
        "Call-ID: 1-4242@127.0.0.1\r\n" +
        "CSeq: 1 ACK\r\n" +
        "Contact: sip:sipp@127.0.0.1:5061\r\n" +
        "Max-Forwards: 70\r\n" +
        "Subject: Performance Test\r\n" +
        "Content-Length: 0\r\n\r\n");

    public static readonly byte[] Bye = Encoding.ASCII.GetBytes(
        "BYE sip:service@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-7\r\n" +
        "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n" +
        "To: service <sip:service@127.0.0.1:5060>;tag=a1b2c3d4e5f6\r\n" +
        "Call-ID: 1-4242@127.0.0.1\r\n" +
        "CSeq: 2 BYE\r\n" +
        "Contact: sip:sipp@127.0.0.1:5061\r\n" +
        "Max-Forwards: 70\r\n" +
        "Subject: Performance Test\r\n" +
        "Content-Length: 0\r\n\r\n");
}
