#!/usr/bin/env bash
# soak.sh MINUTES [RATE] [HOLD_MS]: a long steady load to find leaks. `sipp -sn uac` places RATE
# calls/s (default 100) of HOLD_MS each (default 2000, so ~RATE*HOLD/1000 calls are up at once)
# against `telephony serve` (pinned to CPU 0, sipp on CPU 1) for MINUTES, loopback only, and every
# SAMPLE seconds (default 30) prints: minute, calls completed, calls failed, RSS MB, CPU % of one
# core over the interval. Last it prints the RSS slope in MB per 1,000 calls, fitted over the
# samples after the first 2 minutes (JIT tiering, pools and caches warming up come first), and
# the CDR rows written. Stops by itself; SERVER_ARGS adds flags to the server's command line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp sqlite3
minutes=${1:?minutes}; rate=${2:-100}; hold=${3:-2000}; sample=${SAMPLE:-30}
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill -TERM $server 2>/dev/null; rm -rf "$work"' EXIT

taskset -c 0 dotnet "$dll" serve --sip-port 26160 --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" \
  --dialplans "$work/no-dialplans" --http none --quiet --rate-limit 0 --rtp-ports 30000-39999 ${SERVER_ARGS:-} 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do grep -q "listening for SIP" "$work/server.log" && break; sleep 0.1; done

total=$((rate * minutes * 60))
(cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:26160 -i 127.0.0.1 -p 26162 -r "$rate" -m "$total" -d "$hold" -l 100000 \
    -nostdin -timeout $((minutes * 60 + 120))s -trace_stat -stf "$work/stat.csv" -fd "$sample" >/dev/null 2>&1) &
caller=$!

tck=$(getconf CLK_TCK)
echo "minute calls_ok calls_failed rss_mb cpu_pct"
: > "$work/samples"
last_cpu=$(awk '{print $14+$15}' /proc/$server/stat); last_t=$(date +%s.%N); start=$last_t
while kill -0 $caller 2>/dev/null; do
  sleep "$sample"
  kill -0 $server 2>/dev/null || { echo "server died; its log:"; tail -20 "$work/server.log"; exit 1; }
  now=$(date +%s.%N); cpu=$(awk '{print $14+$15}' /proc/$server/stat)
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' /proc/$server/status)
  read -r ok failed < <(python3 - "$work/stat.csv" <<'PY'
import csv, sys
try:
    rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
    h, last = rows[0], rows[-1]
    print(last[h.index('SuccessfulCall(C)')], last[h.index('FailedCall(C)')])
except Exception:
    print(0, 0)
PY
)
  minute=$(python3 -c "print(f'{($now - $start) / 60:.1f}')")
  pct=$(python3 -c "print(round(($cpu - $last_cpu) / $tck / ($now - $last_t) * 100))")
  echo "$minute $ok $failed $rss $pct" | tee -a "$work/samples"
  last_cpu=$cpu; last_t=$now
done
wait $caller || true
sleep $((hold / 1000 + 2))
rows=$(sqlite3 "$work/data/telephony.db" "select count(*) from cdr" 2>/dev/null || echo "?")
python3 - "$work/samples" "$rows" <<'PY'
import sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
late = [(p[1], p[3]) for p in pts if p[0] >= 2.0]
if len(late) >= 2:
    n = len(late); mx = sum(x for x, _ in late) / n; my = sum(y for _, y in late) / n
    sxx = sum((x - mx) ** 2 for x, _ in late)
    slope = sum((x - mx) * (y - my) for x, y in late) / sxx * 1000 if sxx else float('nan')
    first, last = pts[0], pts[-1]
    print(f"soak: {last[0]:.0f} min, {last[1]:.0f} calls ok, {last[2]:.0f} failed, RSS {first[3]:.0f} -> {last[3]:.0f} MB, "
          f"slope {slope:+.3f} MB per 1,000 calls after minute 2, {sys.argv[2]} CDR rows")
else:
    print("soak: too short for a slope (run at least 3 minutes)")
PY
