#!/usr/bin/env bash
# sustained-cps.sh RATE [SECONDS]: runs `sipp -sn uac` at RATE calls/s for SECONDS (default 60)
# against `telephony serve` and then against `sipp -sn uas` (the reference UAS), each pinned
# to CPU 0 with sipp's caller on CPU 1, and prints for both: failed, successful, retransmissions,
# CPU µs per call of the UAS, and INVITE→200 response time p50/p99 (from sipp -trace_rtt).
# SKIP_UAS=1 measures only telephony serve (for A/B runs of server settings); SERVER_ARGS adds flags
# to its command line (e.g. SERVER_ARGS="--http none").
# WARMUP=SECONDS (default 15) first runs the same load unmeasured against each UAS, so the
# figures are the steady state of a running server (JIT tiering done), not its first minute.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp
rate=${1:?rate}; secs=${2:-60}
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

warm() { # port
  local secs_warm=${WARMUP:-15}
  [ "$secs_warm" -gt 0 ] || return 0
  (cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:$1 -i 127.0.0.1 -p $(($1 + 4)) -r "$rate" -m $((rate * secs_warm)) -l 100000 \
      -nostdin -timeout $((secs_warm + 60))s -timeout_error >/dev/null 2>&1) || true
  sleep 2
}

run() { # label port pid
  local label=$1 port=$2 pid=$3
  local t0 t1
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  (cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:$port -i 127.0.0.1 -p $((port + 2)) -r "$rate" -m $((rate * secs)) -l 100000 \
      -nostdin -timeout $((secs + 60))s -timeout_error -trace_stat -stf "$work/$label.csv" -fd 5 -trace_rtt -rtt_freq 1 >/dev/null 2>&1) || true
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  python3 - "$label" "$work/$label.csv" "$work" "$t0" "$t1" "$(getconf CLK_TCK)" <<'PY'
import csv, glob, sys
label, stat, work, t0, t1, tck = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
rows = list(csv.reader(open(stat), delimiter=';'))
h, last = rows[0], rows[-1]
g = lambda k: last[h.index(k)]
ok = int(g('SuccessfulCall(C)'))
rtts = []
for f in glob.glob(work + '/*_rtt.csv'):
    for r in list(csv.reader(open(f), delimiter=';'))[1:]:
        try: rtts.append(float(r[2]))
        except (ValueError, IndexError): pass
    import os; os.remove(f)
rtts.sort()
pct = lambda p: rtts[min(len(rtts) - 1, int(len(rtts) * p))] if rtts else float('nan')
print(f"{label:10} failed={g('FailedCall(C)')} ok={ok} retrans={g('Retransmissions(C)')} cpu_us/call={round((t1 - t0) * 1e6 / tck / max(1, ok))} rtt_p50_ms={pct(0.5):.2f} rtt_p99_ms={pct(0.99):.2f}")
PY
}

taskset -c 0 dotnet "$dll" serve --sip-port 26060 --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" --dialplans "$root/dialplans" --quiet --rate-limit 0 ${SERVER_ARGS:-} 2>"$work/server.log" &
server=$!
sleep 3
warm 26060
run telephony 26060 $server
kill -TERM $server; wait $server || { echo "server exited abnormally; its log:"; tail -20 "$work/server.log"; }

[ "${SKIP_UAS:-0}" = 1 ] && exit 0
(cd "$work" && taskset -c 0 sipp -sn uas -i 127.0.0.1 -p 26070 -nostdin -bg >/dev/null 2>&1) || true
sleep 1
uas=$(pgrep -f "sipp -sn uas -i 127.0.0.1 -p 26070" | head -1)
warm 26070
run sipp-uas 26070 "$uas"
kill "$uas" || true
