#!/usr/bin/env bash
# api-calls-latency.sh [CALLS] [REQUESTS]: holds CALLS concurrent sipp calls (default 1000; the
# built-in demo flow waits for digits, sipp echoes our RTP) on `telephony serve`, then times
# REQUESTS (default 500) sequential `GET /calls` over keep-alive HTTP while the server carries
# them, and prints the latency p50/p99/max and the count the API reported. The server is pinned
# to CPU 0, sipp and the client to CPU 1 (SERVER_CPUS=0,1 lets the server use both).
# Needs sipp (sip-tester); run as root for the real-time media clock.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=tools.sh
. "$root/samples/bench/tools.sh"
bench_tools sipp
calls=${1:-1000}; requests=${2:-500}
"$root/telephony" --help >/dev/null
dll="$root/src/Telephony.Server/bin/Release/net10.0/telephony.dll"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=27760; http=27780; rate=$(( calls < 100 ? calls : 100 ))
mkdir -p "$work/no-dialplans"
echo "supervisor:bench-token" > "$work/tokens.txt"
taskset -c ${SERVER_CPUS:-0} dotnet "$dll" serve --sip-port $port --bind 127.0.0.1 --data "$work/data" --prompts "$root/prompts" --quiet \
  --rate-limit 0 --rtp-timeout 0 --digit-timeout 600000 --rtp-ports 30000-40000 --dialplans "$work/no-dialplans" \
  --http 127.0.0.1:$http --api-tokens "$work/tokens.txt" 2>"$work/server.log" &
sleep 3
hold=$(( calls / rate + 240 ))
(cd "$work" && taskset -c 1 sipp -sn uac 127.0.0.1:$port -i 127.0.0.1 -p $((port + 2)) -mi 127.0.0.1 -mp 41000 -rtp_echo \
   -r $rate -m "$calls" -l "$calls" -d $((hold * 1000)) -nostdin -timeout $((hold + 60))s >/dev/null 2>&1) &
taskset -c 1 python3 - "$http" "$requests" "$calls" <<'PY'
import http.client, json, sys, time
port, n, want = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer bench-token"}
def get():
    conn.request("GET", "/calls", headers=headers)
    r = conn.getresponse(); body = r.read()
    return r.status, body
# Wait (up to 3 minutes) until every call is up, then 5 s more for the set-up burst to settle.
deadline = time.time() + 180
while time.time() < deadline:
    try:
        status, body = get()
        if status == 200 and json.loads(body)["count"] >= want:
            break
    except OSError:  # the server is still starting
        conn.close()
    time.sleep(1)
time.sleep(5)
t = time.perf_counter()
for _ in range(20):  # warm-up (JIT of the endpoint and the serializer)
    get()
print(f"warm_up_s={time.perf_counter() - t:.1f}", file=sys.stderr)
times, count = [], None
for _ in range(n):
    t = time.perf_counter(); status, body = get(); times.append((time.perf_counter() - t) * 1000)
    assert status == 200, status
    count = json.loads(body)["count"]
times.sort()
pct = lambda p: times[min(len(times) - 1, int(p / 100 * len(times)))]
print(f"timed_s={sum(times) / 1000:.1f}", file=sys.stderr)
print(f"live_calls_reported={count} requests={n} body_kb={len(body) / 1024:.0f} p50_ms={pct(50):.2f} p99_ms={pct(99):.2f} max_ms={times[-1]:.2f}")
PY
# How the calls that ended during the run ended (a held call should not end before sipp hangs up).
dotnet "$dll" cdr list --data "$work/data" --json --last 100000 | python3 -c '
import collections, json, sys
ends = collections.Counter((r["cause"], r["ended_by"]) for r in map(json.loads, filter(str.strip, sys.stdin)))
print("ended_during_run=" + (" ".join(f"{c}/{b}:{n}" for (c, b), n in ends.most_common()) or "none"))'
