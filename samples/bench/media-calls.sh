#!/usr/bin/env bash
# media-calls.sh CALLS [HOLD_SECONDS]: holds CALLS concurrent calls from sipp against
# `telephony serve` (which plays the welcome prompt, then paced silence while it waits for
# digits) and measures, over a steady 20 s window once all calls are up: calls held, server CPU
# (% of one core and of the machine, µs per call-second), resident memory per call, and what a
# receiver sees of our RTP (inter-packet interval p50/p99/max, RFC 3550 jitter, delay from each
# ACK to the call's first RTP packet; see rtp_stats.py). sipp echoes our RTP back (-rtp_echo),
# so the server also receives 50 packets/s per call. The server is pinned to CPU 0; sipp and
# tcpdump to CPU 1 (SERVER_CPUS=0,1 lets the server use both). 20 warm-up calls go first, so
# start-up JIT is not measured as call set-up. WORST=1 lists the slowest call starts.
# Needs sipp (sip-tester) and tcpdump; run as root (capture on lo; real-time media clock).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp tcpdump
calls=${1:?calls}; hold=${2:-60}
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=27560
rate=$(( calls < 100 ? calls : 100 ))

# An empty dialplans folder: the built-in demo flow, whose --digit-timeout holds each call until sipp hangs up.
mkdir -p "$work/no-dialplans"
taskset -c ${SERVER_CPUS:-0} dotnet "$dll" serve --sip-port $port --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" --quiet \
  --rate-limit 0 --rtp-timeout 0 --digit-timeout 600000 --rtp-ports 30000-40000 --dialplans "$work/no-dialplans" 2>"$work/server.log" &
server=$!
sleep 3
# Warm-up: 20 short calls, so JIT compilation of the call path is not measured as call set-up.
(cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:$port -i 127.0.0.1 -p $((port + 4)) -r 20 -m 20 -d 200 -nostdin -timeout 30s >/dev/null 2>&1) || true
sleep 1
idle_rss=$(awk '/VmRSS/{print $2}' /proc/$server/status)

taskset -c 1 tcpdump -i lo -s 0 -w "$work/sip.pcap" -U udp port $port 2>/dev/null &
taskset -c 1 tcpdump -i lo -s 96 -B 65536 -w "$work/rtp.pcap" -U udp and src portrange 30000-40000 2>/dev/null &
sleep 1
(cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:$port -i 127.0.0.1 -p $((port + 2)) -mi 127.0.0.1 -mp 41000 -rtp_echo \
   -r $rate -m "$calls" -l "$calls" -d $((hold * 1000)) -nostdin -timeout $((hold + calls / rate + 60))s \
   -trace_stat -stf "$work/stat.csv" -fd 1 >/dev/null 2>&1) &
sipp=$!

sleep $(( calls / rate + 5 ))
t0=$(date +%s.%N); c0=$(awk '{print $14+$15}' /proc/$server/stat)
sleep 20
t1=$(date +%s.%N); c1=$(awk '{print $14+$15}' /proc/$server/stat)
rss=$(awk '/VmRSS/{print $2}' /proc/$server/status)
held=$(tail -1 "$work/stat.csv" | awk -F';' '{print $14}')   # CurrentCall
wait $sipp || true
kill -TERM $server; wait $server || true
kill $(jobs -p) 2>/dev/null || true
grep -o 'clock_ticks.*clock_work_max_ms=[0-9.]*' "$work/server.log" | tail -1
sleep 1
ok=$(tail -1 "$work/stat.csv" | awk -F';' '{print $16}'); failed=$(tail -1 "$work/stat.csv" | awk -F';' '{print $18}')
python3 - "$t0" "$t1" "$c0" "$c1" "$(getconf CLK_TCK)" "$calls" "$held" "$rss" "$idle_rss" "$ok" "$failed" <<'PY'
import sys
t0, t1, c0, c1, tck = map(float, sys.argv[1:6])
calls, held, rss, idle, ok, failed = sys.argv[6:12]
core = (c1 - c0) / tck / (t1 - t0) * 100
print(f"calls={calls} held_in_window={held} ok={ok} failed={failed} cpu_core_pct={core:.1f} cpu_machine_pct={core / 2:.1f} "
      f"cpu_pct_core_per_call={core / max(1, int(held)):.4f} rss_mb={int(rss) / 1024:.0f} rss_kb_per_call={(int(rss) - int(idle)) / max(1, int(held)):.0f}")
PY
python3 "$root/samples/bench/rtp_stats.py" "$work/sip.pcap" "$work/rtp.pcap" "$t0" "$t1" ${WORST:+--worst}
