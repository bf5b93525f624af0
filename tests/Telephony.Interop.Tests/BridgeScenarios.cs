using System.Globalization;
using System.Text;

namespace Telephony.Interop.Tests;

/// <summary>
/// sipp scenarios for bridged transfers, written per test (they name the test's pcaps by absolute
/// path): a caller that sends audio and digits then hangs up or waits to be hung up, and agents
/// that answer (on a chosen codec), refuse with 486, or ring until cancelled.
/// </summary>
internal static class BridgeScenarios
{
    private static readonly Dictionary<int, string> Rtpmaps = new()
    {
        [0] = "PCMU/8000",
        [8] = "PCMA/8000",
        [9] = "G722/8000",
    };

    public static string Write(string folder, string name, string xml)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, xml);
        return path;
    }

    private static string Sdp(int payloadType) => $"""
              v=0
              o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP {payloadType} 101
              a=rtpmap:{payloadType} {Rtpmaps[payloadType]}
              a=rtpmap:101 telephone-event/8000
              a=fmtp:101 0-15
        """;

    /// <summary>The end of a scenario that waits for the server's BYE and answers it 200 (callers and agents alike).</summary>
    private const string AnswerServersBye = """
              <recv request="BYE" timeout="40000"/>
              <send>
                <![CDATA[

                  SIP/2.0 200 OK
                  [last_Via:]
                  [last_From:]
                  [last_To:]
                  [last_Call-ID:]
                  [last_CSeq:]
                  Content-Length: 0

                ]]>
              </send>
        """;

    /// <summary>A caller offering one codec: after the answer plays <paramref name="pcaps"/> in order, then sends BYE after <paramref name="holdMs"/> or, when null, waits for the server's BYE.</summary>
    public static string Caller(int payloadType, IReadOnlyList<string> pcaps, int? holdMs)
    {
        var plays = new StringBuilder();
        foreach (var pcap in pcaps)
        {
            plays.Append(CultureInfo.InvariantCulture, $"""
                  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>
                  <pause milliseconds="{(pcap.Contains("dtmf_2833", StringComparison.Ordinal) ? 400 : 100)}"/>

                """);
        }

        var end = holdMs is { } hold
            ? $$"""
                  <pause milliseconds="{{hold}}"/>
                  <send retrans="500">
                    <![CDATA[

                      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                      Call-ID: [call_id]
                      CSeq: 2 BYE
                      Contact: sip:sipp@[local_ip]:[local_port]
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv response="200" crlf="true"/>
                """
            : AnswerServersBye;
        return $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="bridge caller">
              <send retrans="500">
                <![CDATA[

                  INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: sip:sipp@[local_ip]:[local_port]
                  Max-Forwards: 70
                  Content-Type: application/sdp
                  Content-Length: [len]

            {{Sdp(payloadType)}}

                ]]>
              </send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="200" rtd="true"/>
              <send>
                <![CDATA[

                  ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: 1 ACK
                  Contact: sip:sipp@[local_ip]:[local_port]
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
              <pause milliseconds="1500"/>
            {{plays}}
            {{end}}
            </scenario>
            """;
    }

    /// <summary>An agent answering on one codec; sends BYE after <paramref name="holdMs"/>, or when null waits for the server's BYE.</summary>
    public static string Agent(int payloadType, int? holdMs)
    {
        var end = holdMs is { } hold
            ? $$"""
                  <pause milliseconds="{{hold}}"/>
                  <send retrans="500">
                    <![CDATA[

                      BYE [$remote_contact] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: <sip:agent@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
                      To: [$remote_from]
                      Call-ID: [call_id]
                      CSeq: 1 BYE
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv response="200" crlf="true"/>
                """
            : AnswerServersBye;
        return $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <!DOCTYPE scenario SYSTEM "sipp.dtd">
            <scenario name="bridge agent">
              <recv request="INVITE" crlf="true">{{(holdMs is null ? string.Empty : """

                <action>
                  <ereg regexp=".*" search_in="hdr" header="From:" assign_to="remote_from"/>
                  <ereg regexp="sip:[^>;]*" search_in="hdr" header="Contact:" assign_to="remote_contact"/>
                </action>
            """)}}
              </recv>
              <send>
                <![CDATA[

                  SIP/2.0 180 Ringing
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]SIPpTag01[call_number]
                  [last_Call-ID:]
                  [last_CSeq:]
                  Contact: <sip:agent@[local_ip]:[local_port];transport=[transport]>
                  Content-Length: 0

                ]]>
              </send>
              <send retrans="500">
                <![CDATA[

                  SIP/2.0 200 OK
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]SIPpTag01[call_number]
                  [last_Call-ID:]
                  [last_CSeq:]
                  Contact: <sip:agent@[local_ip]:[local_port];transport=[transport]>
                  Content-Type: application/sdp
                  Content-Length: [len]

            {{Sdp(payloadType)}}

                ]]>
              </send>
              <recv request="ACK" crlf="true"/>
            {{end}}
            </scenario>
            """;
    }

    /// <summary>An agent that is busy: 486 to the INVITE.</summary>
    public static readonly string BusyAgent = Refusing(486, "Busy Here");

    /// <summary>A trunk that is out of service: 503 to the INVITE (the dialler tries the next trunk).</summary>
    public static readonly string UnavailableTrunk = Refusing(503, "Service Unavailable");

    private static string Refusing(int status, string reason) => $"""
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="refusing agent">
          <recv request="INVITE"/>
          <send>
            <![CDATA[

              SIP/2.0 {status} {reason}
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
          <recv request="ACK"/>
        </scenario>
        """;

    /// <summary>An agent that rings and never answers: the server's CANCEL gets 200, the INVITE 487.</summary>
    public const string RingingAgent = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <!DOCTYPE scenario SYSTEM "sipp.dtd">
        <scenario name="agent that does not answer">
          <recv request="INVITE"/>
          <send>
            <![CDATA[

              SIP/2.0 180 Ringing
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
          <recv request="CANCEL" timeout="40000"/>
          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
          <send>
            <![CDATA[

              SIP/2.0 487 Request Terminated
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: 1 INVITE
              Content-Length: 0

            ]]>
          </send>
          <recv request="ACK"/>
        </scenario>
        """;
}
