namespace Telephony.Sdp.Tests;

/// <summary>Offers as real endpoints send them.</summary>
internal static class SdpSamples
{
    public const string Sipp = "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public const string Baresip =
        "v=0\r\no=- 1395301163 3398634785 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\na=tool:baresip 1.0.0\r\n" +
        "m=audio 10000 RTP/AVP 96 9 0 8 101\r\nb=AS:64\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 stereo=1;sprop-stereo=1\r\n" +
        "a=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n" +
        "a=ptime:20\r\na=sendrecv\r\na=rtcp-rsize\r\n";

    public const string PolycomAudioVideo =
        "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=Polycom IP Phone\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\n" +
        "m=video 2240 RTP/AVP 109\r\na=rtpmap:109 H264/90000\r\n" +
        "m=audio 2222 RTP/AVP 8 0 96\r\nc=IN IP4 198.51.100.8\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:96 telephone-event/8000\r\na=ptime:30\r\n";

    public const string Hold = "v=0\r\no=- 2 3 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n";

    public const string G729Only = "v=0\r\no=- 2 3 IN IP4 203.0.113.5\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 101\r\na=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    public const string Ipv6 = "v=0\no=- 1 1 IN IP6 2001:db8::1\ns=-\nc=IN IP6 2001:db8::1\nt=0 0\nm=audio 5004 RTP/AVP 8\n";
}
