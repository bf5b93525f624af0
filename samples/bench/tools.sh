# Sourced by the bench scripts: installs the Debian packages they drive when missing (a fresh
# machine has none), the way `./telephony test` does for the tests. Usage: bench_tools sipp tcpdump
bench_tools() {
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case "$tool" in
      sipp) missing+=(sip-tester) ;;
      prlimit) missing+=(util-linux) ;;
      *) missing+=("$tool") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bench: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
