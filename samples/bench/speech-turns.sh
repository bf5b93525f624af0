#!/usr/bin/env bash
# speech-turns.sh [CALLS] [RATE] [RECORDING]: CALLS concurrent sipp callers (default 100, started
# at RATE calls/s, default CALLS capped at 100, so all of them talk within about a second of each
# other) call the sample speech menu (dialplans/cards.yaml, +15125550142, served from the real
# dialplans/ folder) and each plays a real recording (default Debian pocketsphinx-testdata
# cards/003.wav, "seven of clubs") over the long welcome, as G.711 µ-law RTP built by
# speech_pcap.py: LEAD_MS of silence (default 1500), the utterance, then silence. The server
# stops the welcome, hears the card after the menu's 300 ms end silence and plays its
# confirmation, then hangs up. tcpdump on loopback captures SIP and RTP; speech_stats.py prints,
# per call and as p50/p95/p99/max:
#   barge-in latency: the caller's first voiced packet -> our last welcome packet before the gap
#   turn latency: the caller's last voiced packet -> our first packet of the confirmation
# with where the turn's time goes (from the transcripts table: jitter buffer, end silence and
# detector, recogniser, reply start) and the share of calls whose CDR names the right branch.
# PIN=1 pins the server to CPU 0 and sipp and tcpdump to CPU 1 (default: no pinning, the
# scheduler places everything). EXPECT names the step another RECORDING should reach (e.g.
# main/ten-of-clubs for cards/001.wav); WARMUP sets the warm-up calls (default 1); KEEP=1 keeps
# the work folder. Also printed: server CPU over the calls and the audio tap frames dropped. The load average before and after is printed: on a shared
# machine say what else ran. Needs sipp (sip-tester), tcpdump, flite, pocketsphinx and
# pocketsphinx-testdata; run as root (capture on lo; real-time media clock).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp tcpdump flite
calls=${1:-100}
rate=${2:-$(( calls < 100 ? calls : 100 ))}
recording=${3:-/usr/share/pocketsphinx/test/data/cards/003.wav}
expect=${EXPECT:-main/seven-of-clubs}
[ -f "$recording" ] || { echo "speech-turns: $recording is missing: apt-get install pocketsphinx-testdata" >&2; exit 2; }
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
# KEEP=1 keeps the captures, database and server log (the folder is printed).
trap 'kill $(jobs -p) 2>/dev/null || true; if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi' EXIT
port=27760; rtp_first=47000; rtp_last=48998
server_cpu=""; client_cpu=""
if [ "${PIN:-0}" = 1 ]; then server_cpu="taskset -c 0"; client_cpu="taskset -c 1"; fi

echo "load before: $(uptime)"
# The confirmation prompts come from the prompt cache, as on a server whose prompts were rendered
# ahead (telephony prompts render): the turn latency measured is the engine's, not flite's.
dotnet "$dll" prompts render --dialplans "$root/dialplans" --data "$work/data" >/dev/null
python3 "$root/samples/bench/speech_pcap.py" "$recording" "$work/caller.pcap" --lead-ms "${LEAD_MS:-1500}" --tail-ms 5000

$server_cpu dotnet "$dll" serve --sip-port $port --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" \
  --dialplans "$root/dialplans" --http 127.0.0.1:$((port + 20)) --rate-limit 0 --rtp-ports $rtp_first-$rtp_last 2>"$work/server.log" &
server=$!
for _ in $(seq 1 60); do grep -q "dialplans: serving" "$work/server.log" && break; sleep 0.5; done

cat > "$work/caller.xml" <<'XML'
<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<!-- A caller who says a card over the welcome and waits for the server's BYE (or hangs up after 30 s). -->
<scenario name="speech caller">
  <send retrans="500"><![CDATA[
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

v=0
o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
s=-
c=IN IP[media_ip_type] [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200" rtd="true"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 1 ACK
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0
]]></send>
  <nop><action><exec play_pcap_audio="caller.pcap"/></action></nop>
  <recv request="BYE" timeout="30000" ontimeout="give_up"/>
  <send next="done"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0
]]></send>
  <label id="give_up"/>
  <send retrans="500"><![CDATA[
BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: 2 BYE
Contact: sip:sipp@[local_ip]:[local_port]
Max-Forwards: 70
Content-Length: 0
]]></send>
  <recv response="200"/>
  <label id="done"/>
</scenario>
XML

# Warm-up calls (WARMUP, default 1, ten at a time), so JIT compilation and the first recogniser's
# set-up are not measured.
warmup=${WARMUP:-1}
(cd "$work" && $client_cpu sipp 127.0.0.1:$port -sf caller.xml -s +15125550142 -i 127.0.0.1 -p $((port + 2)) -mi 127.0.0.1 -mp 49100 \
   -m "$warmup" -l 10 -r 10 -nostdin -timeout 120s >/dev/null 2>&1) || true
sleep 1

$client_cpu tcpdump -i lo -n -s 0 -B 65536 -w "$work/sip.pcap" -U udp port $port 2>/dev/null &
$client_cpu tcpdump -i lo -n -s 0 -B 262144 -w "$work/rtp.pcap" -U udp and portrange $rtp_first-$rtp_last 2>/dev/null &
sleep 1
start=$(date +%s.%N); c0=$(awk '{print $14+$15}' /proc/$server/stat)
(cd "$work" && $client_cpu sipp 127.0.0.1:$port -sf caller.xml -s +15125550142 -i 127.0.0.1 -p $((port + 4)) -mi 127.0.0.1 -mp 49200 \
   -r "$rate" -l "$calls" -m "$calls" -nostdin -timeout $(( calls / rate + 90 ))s -trace_stat -stf stat.csv -fd 1 >sipp.out 2>&1) || true
end=$(date +%s.%N); c1=$(awk '{print $14+$15}' /proc/$server/stat)
echo "load after: $(uptime)"
echo "server_cpu_pct_of_one_core=$(python3 -c "print(round(($c1 - $c0) / $(getconf CLK_TCK) / ($end - $start) * 100))") over $(python3 -c "print(round($end - $start, 1))") s of calls; server threads at the end $(ls /proc/$server/task | wc -l)"
sleep 2
# Audio tap frames dropped because a turn's reader fell behind (the recogniser never heard them).
curl -s "http://127.0.0.1:$((port + 20))/metrics" | grep -E '^telephony_tap_frames_dropped_total' || echo "metrics: unavailable"
kill -TERM $server; wait $server || true
sleep 1
kill $(jobs -p) 2>/dev/null || true
sleep 1
ok=$(tail -1 "$work/stat.csv" | awk -F';' '{print $16}'); failed=$(tail -1 "$work/stat.csv" | awk -F';' '{print $18}')
echo "calls=$calls rate=$rate pin=${PIN:-0} sipp_ok=$ok sipp_failed=$failed recording=$(basename "$recording")"
grep -E "warning|error" "$work/server.log" | grep -v "^$" | sort | uniq -c | sort -rn | head -5 || true
python3 "$root/samples/bench/speech_stats.py" "$work/sip.pcap" "$work/rtp.pcap" "$work/data/telephony.db" "$start" "$expect" ${WORST:+--worst}
