#!/usr/bin/env bash
# The day-one walk: what a new admin does in the first hour, from a clone, following the README.
# It takes the commands and examples out of README.md itself (so the README cannot drift from
# what it checks), runs them exactly as written in a copy of the repository, and checks what
# they print. Exit 0 when every check holds; each failed check is printed as "FAIL: ...".
#
#   samples/day-one/walk.sh            (needs sipp, curl, openssl; ports 5060, 5070 and 8080 free)
#
# The copy is the repository's tracked files as they are in the working tree (what a clone of
# the current commit holds, plus uncommitted edits). The Release CLI already built beside this
# script is copied after the sources, so `./telephony` finds it up to date instead of building
# it again; WALK_BUILD=1 copies no binary and lets `./telephony` build like a fresh clone does.
# The README's `./telephony serve` lines run in the background, as in a second terminal, and
# streaming commands (curl -N) are cut after a few seconds.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d -t day-one-XXXXXX)"
clone="$work/telephony"
failures=0
server_pid=""

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
pass() { printf 'ok: %s\n' "$*"; }

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

for tool in sipp curl openssl git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "day-one walk: $tool is missing (./telephony test installs sipp)" >&2; exit 1; }
done

# --- README access -------------------------------------------------------------------------

# The lines of the first fenced block of README.md holding a line that contains $1 (fixed string).
readme_block() {
  awk -v needle="$1" '
    /^```/ { if (inside) { if (found) { printf "%s", text; exit } inside = 0; text = "" } else { inside = 1 } next }
    inside { text = text $0 "\n"; if (index($0, needle)) found = 1 }
  ' "$clone/README.md"
}

# The fenced block that follows the block holding $1 (an example's "prints" block).
readme_block_after() {
  awk -v needle="$1" '
    /^```/ { if (inside) { inside = 0; if (found && !done) { done = 1; next } if (done == 2) exit } else { inside = 1; if (done == 1) done = 2 } next }
    inside && done == 2 { print }
    inside && index($0, needle) { found = 1 }
  ' "$clone/README.md"
}

# Whether every line of $1 (expected, where a line "..." stands for any number of lines) appears in
# $2 (actual) in order; prints the first expected line that is missing.
in_order() {
  local expected="$1" actual="$2" line rest="$2" skip=0
  while IFS= read -r line; do
    if [ "$line" = "..." ]; then skip=1; continue; fi
    local found=""
    if [ "$skip" = 1 ]; then
      found="$(printf '%s\n' "$rest" | grep -n -F -x -m1 -- "$line" | cut -d: -f1)"
    else
      # without "...", the next line must follow at once
      [ "$(printf '%s\n' "$rest" | head -n1)" = "$line" ] && found=1
    fi
    if [ -z "$found" ]; then
      printf '%s' "$line"
      return 1
    fi
    rest="$(printf '%s\n' "$rest" | tail -n +"$((found + 1))")"
    skip=0
  done <<< "$expected"
  return 0
}

# --- the server, as in a second terminal -------------------------------------------------------

# Starts a README `./telephony serve ...` line in the background and waits until it listens.
start_server() {
  local line="$1" ready="$2"
  stop_server
  : > "$work/serve.log"
  (cd "$clone" && exec bash -c "exec $line") > "$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    if grep -q -- "$ready" "$work/serve.log"; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  fail "'$line' did not log '$ready'"
  sed 's/^/    /' "$work/serve.log"
  return 1
}

# Stops the server as Ctrl+C would and checks it stopped cleanly.
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill -INT "$server_pid" 2>/dev/null
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=""
  if [ "$rc" -ne 0 ]; then fail "serve exited $rc after Ctrl+C"; sed 's/^/    /' "$work/serve.log"
  elif ! grep -q "telephony: stopped" "$work/serve.log"; then fail "serve did not log 'telephony: stopped'"
  else pass "serve stopped cleanly on Ctrl+C"; fi
}

# Runs one README command line in the clone; its output goes to $work/out, its status to $rc.
run_line() {
  local line="$1" limit="${2:-120}"
  printf '$ %s\n' "$line"
  (cd "$clone" && timeout "$limit" bash -c "$line") > "$work/out" 2>&1
  rc=$?
  sed 's/^/    /' "$work/out" | head -n 40
}

# --- the copy ----------------------------------------------------------------------------------

say "a copy of the repository in $clone"
mkdir -p "$clone"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$clone")
rm -rf "$clone/data"
if [ "${WALK_BUILD:-0}" != 1 ] && [ -f "$repo/src/Telephony.Server/bin/Release/net10.0/telephony.dll" ]; then
  mkdir -p "$clone/src/Telephony.Server/bin"
  cp -r "$repo/src/Telephony.Server/bin/Release" "$clone/src/Telephony.Server/bin/"
  find "$clone/src/Telephony.Server/bin" -exec touch {} +
fi

# --- help --------------------------------------------------------------------------------------

say "telephony --help lists every command the README documents"
run_line "./telephony --help" 600
[ "$rc" -eq 0 ] || fail "./telephony --help exited $rc"
for heading in $(grep -o '^### `telephony [a-z ]*`' "$clone/README.md" | sed 's/^### `telephony //; s/`$//; s/ /_/g'); do
  command="${heading//_/ }"
  if grep -q -E "^  $command  " "$work/out"; then pass "--help lists '$command'"; else fail "--help does not list '$command'"; fi
  # Help is instant: a command whose --help does real work (builds, installs) fails here.
  (cd "$clone" && timeout 60 ./telephony $command --help > "$work/help" 2>&1) || fail "'telephony $command --help' failed or took over 60 s"
  if [ "$command" != test ] && ! grep -A1 "^Usage:" "$work/help" | grep -q "telephony $command"; then fail "'telephony $command --help' prints no usage"; fi
done

# --- quick start -------------------------------------------------------------------------------

say "quick start: serve, two sipp calls, the CDRs"
serve_line="$(readme_block './telephony serve' | grep -m1 '^./telephony serve' | sed 's/ *#.*//')"
start_server "$serve_line" "telephony: listening for SIP" || exit 1
if grep -q "dialplans: serving .*demo (demo.yaml)" "$work/serve.log"; then pass "the sample dialplans are served"; else fail "serve does not say it serves demo.yaml"; fi
if grep -E -q " (error|warn)" "$work/serve.log"; then fail "serve logged a warning or error at start"; grep -E " (error|warn)" "$work/serve.log"; fi
if grep -E -q "\b1 flows\b|\b1 steps\b" "$work/serve.log"; then fail "serve says '1 flows'"; fi

while IFS= read -r line; do
  [ -n "$line" ] || continue
  case "$line" in sipp*) run_line "$line -timeout 30s" ;; *) run_line "$line" ;; esac
  [ "$rc" -eq 0 ] || fail "'$line' exited $rc"
  cdr_out="$(cat "$work/out")"
done < <(readme_block 'sipp -sn uac')
rows="$(printf '%s\n' "$cdr_out" | grep -c "127.0.0.1" || true)"
[ "$rows" -eq 2 ] && pass "cdr list shows the two calls" || fail "cdr list shows $rows calls, expected 2"
if printf '%s\n' "$cdr_out" | grep -q "123 .*demo/main: hangup normal"; then pass "the DTMF call's digits and flow are in its CDR"
else fail "no CDR with digits 123 and flow 'demo/main: hangup normal'"; fi

# --- the HTTP API ------------------------------------------------------------------------------

say "HTTP API: tokens, calls, events, metrics"
# The block is one shell session (TOKEN carries from line to line); its `./telephony serve` line
# runs in the background as in a second terminal, and the event stream is cut after 3 seconds.
api_script=""
while IFS= read -r line; do
  case "$line" in
    ./telephony\ serve*)
      printf '$ %s\n' "$line"
      (cd "$clone" && bash -c "$api_script") > "$work/out" 2>&1 || fail "the lines before '$line' failed"
      start_server "$(printf '%s' "$line" | sed 's/ *#.*//')" "HTTP API on" || true
      api_script="" ;;
    *"curl -sN"*) api_script+="echo '--- events'; timeout 3 $line; echo '--- end of events'"$'\n' ;;
    *"/calls"*) api_script+="echo '--- calls'; $line; echo; echo '--- end of calls'"$'\n' ;;
    *) api_script+="$line"$'\n' ;;
  esac
done < <(readme_block 'openssl rand')
printf '%s' "$api_script" | sed 's/^/$ /'
(cd "$clone" && bash -c "$api_script") > "$work/out" 2>&1
sed 's/^/    /' "$work/out" | head -n 40
calls="$(sed -n '/^--- calls/,/^--- end of calls/p' "$work/out")"
events="$(sed -n '/^--- events/,/^--- end of events/p' "$work/out")"
printf '%s\n' "$calls" | grep -q '^\[\|"items"\|"calls"' && ! printf '%s\n' "$calls" | grep -q '"status":40' \
  && pass "GET /calls answers with the token" || fail "GET /calls did not answer a list"
printf '%s\n' "$events" | grep -q '^\(retry\|:\|event\|data\|id\)' && pass "the event stream answers" || fail "the event stream sent nothing in 3 s"
grep -q 'telephony_calls_total' "$work/out" && pass "metrics show telephony_calls_total" || fail "no telephony_calls_total in /metrics"

# --- the config file ---------------------------------------------------------------------------

say "the README's telephony.yaml, then the same with an environment variable"
readme_block '# telephony.yaml' > "$clone/telephony.yaml"
start_server "./telephony serve" "listening for SIP on udp 0.0.0.0:5070" && pass "serve reads ./telephony.yaml (sip-port 5070)"
stop_server
env_line="$(readme_block 'TELEPHONY_SIP_PORT=5080' | head -n1)"
run_line "$env_line" 20
[ "$rc" -eq 2 ] && grep -q "/etc/telephony.yaml" "$work/out" && pass "a missing --config file is a usage error naming it" \
  || fail "'$env_line' without the file: expected exit 2 naming /etc/telephony.yaml, got $rc"
rm -f "$clone/telephony.yaml"

# --- tools -------------------------------------------------------------------------------------

say "sip lint on the RFC 4475 corpus"
run_line "$(readme_block './telephony sip lint tests' | head -n1)"
files=$(ls "$clone"/tests/corpus/rfc4475/*.dat | wc -l)
lines=$(grep -c -P '^[^\t]+\t(valid|invalid)\t[^\t]*\t' "$work/out" || true)
[ "$lines" -eq "$files" ] && pass "one FILE<TAB>valid|invalid<TAB>ANSWER<TAB>REASON line per file ($files)" || fail "$lines verdict lines for $files files"

say "dialplan validate on the samples"
run_line "$(readme_block './telephony dialplan validate dialplans' | head -n1)"
[ "$rc" -eq 0 ] && pass "the sample dialplans are valid" || fail "dialplan validate dialplans/*.yaml exited $rc"

say "dialplan simulate: the outage example prints what the README shows"
simulate="$(readme_block './telephony dialplan simulate dialplans/outage.yaml')"
run_line "$simulate"
[ "$rc" -eq 0 ] || fail "the simulate example exited $rc"
if missing="$(in_order "$(readme_block_after './telephony dialplan simulate dialplans/outage.yaml')" "$(cat "$work/out")")"; then
  pass "the transcript matches the README"
else
  fail "the transcript lacks the README's line: $missing"
fi

say "done"
if [ "$failures" -eq 0 ]; then echo "day-one walk: every check held"; exit 0; fi
echo "day-one walk: $failures check(s) failed"
exit 1
