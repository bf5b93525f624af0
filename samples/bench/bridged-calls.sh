#!/usr/bin/env bash
# bridged-calls.sh CALLS [HOLD_SECONDS]: CALLS concurrent sipp callers each reach a flow whose
# `transfer:` bridges them to a sipp agent (`sipp -sn uas -rtp_echo`), so the server carries
# 2 x CALLS legs and relays every packet both ways: the caller streams A-law (20 ms packets), the
# agent answers PCMU and echoes what it gets, so each packet is transcoded twice on its way back.
# Measured over a steady 20 s window once every call is up: legs live (GET /calls), server CPU
# (% of one core, per bridged call), resident memory; after the run, the server's own relay delay
# (time from a datagram's arrival to its forward, p50/p99 over every relayed packet) and failed
# calls. The server is pinned to CPU 0, the sipp peers to CPU 1 (SERVER_CPUS=0,1 lets the server
# use both). Needs sipp (sip-tester); run as root for the real-time media clock.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp
calls=${1:?calls}; hold=${2:-60}
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=27660; agent=27670; http=27680
rate=$(( calls < 50 ? calls : 50 ))

mkdir -p "$work/dialplans"
cat > "$work/dialplans/bridge.yaml" <<YAML
dialplan: bench-bridge
flows:
  main:
    - answer
    - transfer: sip:agent@127.0.0.1:$agent
      timeout: 20s
    - hangup
YAML
# 2 s of a 440 Hz tone as raw A-law, looped by the callers (sipp's rtp_stream).
python3 - "$work/tone-pcma.raw" <<'PY'
import math, sys
def alaw(x):
    sign = 0x80 if x >= 0 else 0
    x = min(abs(x), 32767) >> 3
    if x < 32:
        code = x >> 1
    else:
        seg = min(x.bit_length() - 5, 7)
        code = (seg << 4) | ((x >> seg) & 0x0F)
    return (code | sign) ^ 0x55
open(sys.argv[1], 'wb').write(bytes(alaw(int(6000 * math.sin(2 * math.pi * 440 * i / 8000))) for i in range(16000)))
PY
cp "$root/samples/sipp/uac_media_hold.xml" "$work/"
echo "supervisor:bench-supervisor-token" > "$work/tokens.txt"

taskset -c ${SERVER_CPUS:-0} dotnet "$dll" serve --sip-port $port --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" \
  --rate-limit 0 --rtp-timeout 0 --rtp-ports 30000-40000 --dialplans "$work/dialplans" --http 127.0.0.1:$http --api-tokens "$work/tokens.txt" 2>"$work/server.log" &
server=$!
(cd "$work" && taskset -c 1 sipp -sn uas -p $agent -i 127.0.0.1 -mi 127.0.0.1 -mp 42000 -rtp_echo -nostdin >/dev/null 2>&1) &
sleep 3
# Warm-up: 20 short bridged calls, so JIT compilation is not measured.
(cd "$work" && taskset -c 1 sipp -sf uac_media_hold.xml 127.0.0.1:$port -i 127.0.0.1 -p $((port + 4)) -mi 127.0.0.1 -mp 44000 \
   -r 20 -m 20 -d 1000 -nostdin -timeout 60s >/dev/null 2>&1) || true
sleep 2
idle_rss=$(awk '/VmRSS/{print $2}' /proc/$server/status)

(cd "$work" && taskset -c 1 sipp -sf uac_media_hold.xml 127.0.0.1:$port -i 127.0.0.1 -p $((port + 2)) -mi 127.0.0.1 -mp 46000 \
   -r $rate -m "$calls" -l "$calls" -d $((hold * 1000)) -nostdin -timeout $((hold + calls / rate + 90))s \
   -trace_stat -stf "$work/stat.csv" -fd 1 >/dev/null 2>&1) &
sipp=$!
sleep $(( calls / rate + 8 ))
legs=$(curl -s -H "Authorization: Bearer bench-supervisor-token" "http://127.0.0.1:$http/calls" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])' || echo n/a)
t0=$(date +%s.%N); c0=$(awk '{print $14+$15}' /proc/$server/stat)
sleep 20
t1=$(date +%s.%N); c1=$(awk '{print $14+$15}' /proc/$server/stat)
rss=$(awk '/VmRSS/{print $2}' /proc/$server/status)
held=$(tail -1 "$work/stat.csv" | awk -F';' '{print $14}')   # CurrentCall
wait $sipp || true
ok=$(tail -1 "$work/stat.csv" | awk -F';' '{print $16}'); failed=$(tail -1 "$work/stat.csv" | awk -F';' '{print $18}')
kill -TERM $server; wait $server || true
status=$(grep -o 'telephony: stopped; .*' "$work/server.log" | tail -1)
python3 - "$t0" "$t1" "$c0" "$c1" "$(getconf CLK_TCK)" "$calls" "$held" "$rss" "$idle_rss" "$ok" "$failed" "$status" "$legs" <<'PY'
import re, sys
t0, t1, c0, c1, tck = map(float, sys.argv[1:6])
calls, held, rss, idle, ok, failed, status, legs = sys.argv[6:14]
core = (c1 - c0) / tck / (t1 - t0) * 100
field = lambda k: (re.search(k + r'=(\S+)', status) or [None, 'n/a'])[1]
print(f"bridged_calls={calls} legs_live={legs} held_in_window={held} ok={ok} failed={failed} "
      f"cpu_core_pct={core:.1f} cpu_pct_core_per_bridged_call={core / max(1, int(held)):.4f} "
      f"rss_mb={int(rss) / 1024:.0f} rss_kb_per_call={(int(rss) - int(idle)) / max(1, int(held)):.0f} "
      f"relayed={field('relayed')} transcoded={field('transcoded')} relay_dropped={field('relay_dropped')} "
      f"relay_p50_us={field('relay_p50_us')} relay_p99_us={field('relay_p99_us')}")
PY
