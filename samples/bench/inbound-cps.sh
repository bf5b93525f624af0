#!/usr/bin/env bash
# inbound-cps.sh [RATE...]: measures the inbound call rate the server sustains.
# For each rate: starts a fresh `telephony serve` pinned to CPU 0, runs `sipp -sn uac -m 1000`
# pinned to CPU 1, and prints failed/successful calls, retransmissions, the server's CPU time per
# call, its CPU use (percent of one core) over the run, and its peak resident memory.
# Default rates: 50 100 200 400 800 1600. CALLS=N changes the 1000 calls per rate.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(50 100 200 400 800 1600)
calls=${CALLS:-1000}
port=${SIP_PORT:-25060}
"$root/telephony" --help >/dev/null   # builds the CLI if needed
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
printf "%6s %7s %6s %8s %12s %8s %11s %8s\n" rate failed ok retrans cpu_ms/call cpu_pct peak_rss_mb seconds
for r in "${rates[@]}"; do
  data=$(mktemp -d)
  taskset -c 0 dotnet "$dll" serve --sip-port "$port" --bind 127.0.0.1 --data "$data" --prompts "$root/prompts" --dialplans "$root/dialplans" --quiet 2>"$data/server.log" &
  pid=$!
  for _ in $(seq 1 100); do
    sipp -sn uac 127.0.0.1:$port -m 1 -i 127.0.0.1 -p $((port + 2)) -nostdin -timeout 2s >/dev/null 2>&1 && break
    sleep 0.2
  done
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  st=$(mktemp)
  start=$(date +%s.%N)
  set +e
  taskset -c 1 sipp -sn uac 127.0.0.1:$port -r "$r" -m "$calls" -i 127.0.0.1 -p $((port + 2)) -l 100000 \
    -nostdin -timeout 120s -timeout_error -trace_stat -stf "$st" -fd 1 >/dev/null 2>&1
  set -e
  end=$(date +%s.%N)
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  hwm=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status)
  read -r failed ok retrans < <(python3 - "$st" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
h, last = rows[0], rows[-1]
g = lambda k: last[h.index(k)] if k in h else '?'
print(g('FailedCall(C)'), g('SuccessfulCall(C)'), g('Retransmissions(C)'))
PY
)
  tck=$(getconf CLK_TCK)
  cpu=$(python3 -c "print(round(($t1-$t0)*1000/$tck/max(1,$ok), 3))")
  secs=$(python3 -c "print(round($end-$start, 1))")
  pct=$(python3 -c "print(round(($t1-$t0)*100/$tck/max(0.001,$end-$start)))")
  printf "%6s %7s %6s %8s %12s %8s %11s %8s\n" "$r" "$failed" "$ok" "$retrans" "$cpu" "$pct" "$hwm" "$secs"
  kill -TERM $pid; wait $pid || true
  rm -rf "$data" "$st"
done
