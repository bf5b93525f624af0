namespace Telephony.Interop.Tests;

/// <summary>sipp scenarios for hold across a bridge: the caller holds and resumes by re-INVITE; the agent must be offered the same (sendonly, then sendrecv).</summary>
internal static class BridgeHoldScenarios
{
    private static string ReInvite(int cseq, string direction, string expect) => $$"""
          <send retrans="500">
            <![CDATA[

              INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: {{cseq}} INVITE
              Contact: sip:sipp@[local_ip]:[local_port]
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 {{2353687637 + cseq}} IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a={{direction}}

            ]]>
          </send>
          <recv response="100" optional="true"/>
          <recv response="200">
            <action>
              <ereg regexp="a={{expect}}" search_in="body" check_it="true" assign_to="answer{{cseq}}"/>
              <log message="answer has [$answer{{cseq}}]"/>
            </action>
          </recv>
          <send>
            <![CDATA[

              ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
              Call-ID: [call_id]
              CSeq: {{cseq}} ACK
              Contact: sip:sipp@[local_ip]:[local_port]
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """;

    /// <summary>Answered and bridged, the caller holds (sendonly, answered recvonly), resumes (sendrecv), then hangs up.</summary>
    public static string Caller()
    {
        var call = BridgeScenarios.Caller(0, [], holdMs: 1000);
        var bye = call.IndexOf("  <pause milliseconds=\"1000\"/>", StringComparison.Ordinal);
        return call[..bye] + ReInvite(2, "sendonly", "recvonly") + "  <pause milliseconds=\"1000\"/>\n" + ReInvite(3, "sendrecv", "sendrecv") + call[bye..].Replace("CSeq: 2 BYE", "CSeq: 4 BYE", StringComparison.Ordinal);
    }

    private static string Offered(int n, string direction, string answer) => $$"""
          <recv request="INVITE" timeout="20000">
            <action>
              <ereg regexp="a={{direction}}" search_in="body" check_it="true" assign_to="offer{{n}}"/>
              <log message="offer has [$offer{{n}}]"/>
            </action>
          </recv>
          <send>
            <![CDATA[

              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:agent@[local_ip]:[local_port];transport=[transport]>
              Content-Type: application/sdp
              Content-Length: [len]

              v=0
              o=user1 53655765 {{2353687637 + n}} IN IP[local_ip_type] [local_ip]
              s=-
              c=IN IP[media_ip_type] [media_ip]
              t=0 0
              m=audio [media_port] RTP/AVP 0
              a=rtpmap:0 PCMU/8000
              a={{answer}}

            ]]>
          </send>
          <recv request="ACK" crlf="true"/>
        """;

    /// <summary>An agent that must be offered hold (sendonly) and then resume (sendrecv) by the server, then gets its BYE.</summary>
    public static string Agent()
    {
        var agent = BridgeScenarios.Agent(0, holdMs: null);
        var end = agent.IndexOf("  <recv request=\"BYE\"", StringComparison.Ordinal);
        return agent[..end] + Offered(1, "sendonly", "recvonly") + Offered(2, "sendrecv", "sendrecv") + agent[end..];
    }
}
