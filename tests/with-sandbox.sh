#!/usr/bin/env bash
# Runs a command with the services Authdesk's tests and demo meet in real life: the sandbox
# Better Auth server on 127.0.0.1 and, when asked for, an X display (Xvfb) and an unlocked
# Secret Service keyring (gnome-keyring; run inside dbus-run-session). Stops them afterwards.
#   tests/with-sandbox.sh [--xvfb] [--keyring] -- COMMAND...
# The server's knobs come from SANDBOX_* variables (see tests/sandbox/README.md); its URL is
# exported to the command as AUTHDESK_TEST_AUTH_URL, its user count as AUTHDESK_TEST_USER_TOTAL,
# the file its mail lands in as AUTHDESK_TEST_MAILBOX (unless SANDBOX_MAILBOX names one).
set -euo pipefail
source "$(dirname "$0")/env.sh"

want_xvfb=0
want_keyring=0
while [ $# -gt 0 ]; do
  case $1 in
    --xvfb) want_xvfb=1; shift ;;
    --keyring) want_keyring=1; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--xvfb] [--keyring] -- COMMAND..." >&2; exit 2 ;;
  esac
done

run_dir=$(mktemp -d -t authdesk-services.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run_dir"
}
trap cleanup EXIT INT TERM

if [ "$want_xvfb" = 1 ]; then
  # -displayfd picks a free display number and reports it when the server is ready.
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$run_dir/display" 2>"$run_dir/xvfb.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$run_dir/display" ] && break; sleep 0.1; done
  [ -s "$run_dir/display" ] || { echo "Xvfb did not start:" >&2; cat "$run_dir/xvfb.log" >&2; exit 1; }
  export DISPLAY=":$(cat "$run_dir/display")"
fi

if [ "$want_keyring" = 1 ]; then
  # A throwaway login keyring in a private folder, unlocked with a throwaway password.
  export XDG_DATA_HOME="$run_dir/data" XDG_RUNTIME_DIR="$run_dir/runtime"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  # The daemon lives on this private session bus and ends with it.
  printf %s authdesk-test-keyring \
    | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
fi

export SANDBOX_PORT="${SANDBOX_PORT:-0}"
export SANDBOX_MAILBOX="${SANDBOX_MAILBOX:-$run_dir/mailbox.jsonl}"
export AUTHDESK_TEST_MAILBOX="$SANDBOX_MAILBOX"
node "$AUTHDESK_ROOT/tests/sandbox/server.mjs" >"$run_dir/sandbox.out" 2>"$run_dir/sandbox.log" &
pids+=($!)
for _ in $(seq 600); do
  grep -q '"ready"' "$run_dir/sandbox.out" 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || break
  sleep 0.1
done
ready=$(grep -m1 '"ready"' "$run_dir/sandbox.out" || true)
if [ -z "$ready" ]; then
  echo "The sandbox auth server did not start:" >&2
  cat "$run_dir/sandbox.log" >&2
  exit 1
fi
AUTHDESK_TEST_AUTH_URL=$(node -p "JSON.parse(process.argv[1]).url" "$ready")
AUTHDESK_TEST_USER_TOTAL=$(node -p "JSON.parse(process.argv[1]).users" "$ready")
export AUTHDESK_TEST_AUTH_URL AUTHDESK_TEST_USER_TOTAL
echo "sandbox: $ready" >&2

status=0
"$@" || status=$?
exit $status
