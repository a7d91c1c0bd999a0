#!/usr/bin/env bash
# Runs a command with the services Authdesk's tests and demo meet in real life: the sandbox
# Better Auth server on 127.0.0.1 and, when asked for, an X display (Xvfb), an unlocked
# Secret Service keyring (gnome-keyring, on a private session bus of its own), with both a notification
# daemon (dunst), and a private PostgreSQL cluster (Debian's `postgresql`, on a Unix socket only)
# that every sandbox server started under it keeps its database in, as Neon does. Stops them
# afterwards.
#   tests/with-sandbox.sh [--xvfb] [--keyring] [--postgres] -- COMMAND...
# The server's knobs come from SANDBOX_* variables (see tests/sandbox/README.md); its URL is
# exported to the command as AUTHDESK_TEST_AUTH_URL, its user count as AUTHDESK_TEST_USER_TOTAL,
# the file its mail lands in as AUTHDESK_TEST_MAILBOX (unless SANDBOX_MAILBOX names one).
set -euo pipefail
source "$(dirname "$0")/env.sh"

want_xvfb=0
want_keyring=0
want_postgres=0
while [ $# -gt 0 ]; do
  case $1 in
    --xvfb) want_xvfb=1; shift ;;
    --keyring) want_keyring=1; shift ;;
    --postgres) want_postgres=1; shift ;;
    --) shift; break ;;
    *) echo "usage: $0 [--xvfb] [--keyring] [--postgres] -- COMMAND..." >&2; exit 2 ;;
  esac
done

run_dir=$(mktemp -d -t authdesk-services.XXXXXX)
pids=()
pg_dir=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_dir" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
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
  # A session bus of this run's own, on which the Secret Service is this keyring, started
  # unlocked through D-Bus activation. Should the daemon end mid-run, the next call starts it
  # again on the same keyring files (keyring.log says when) instead of activating the desktop's
  # own, locked, daemon, which would fail every later test with "no result found".
  mkdir -p "$run_dir/services"
  keyring_log="$run_dir/keyring.log"
  printf '%s\n' '#!/bin/sh' \
    "echo \"keyring: daemon started at \$(date +%T)\" >>'$keyring_log'" \
    "printf %s authdesk-test-keyring | exec gnome-keyring-daemon --foreground --unlock --components=secrets >>'$keyring_log' 2>&1" \
    >"$run_dir/start-keyring"
  chmod +x "$run_dir/start-keyring"
  printf '[D-BUS Service]\nName=org.freedesktop.secrets\nExec=%s\n' "$run_dir/start-keyring" \
    >"$run_dir/services/org.freedesktop.secrets.service"
  printf '%s\n' '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"' \
    ' "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">' \
    "<busconfig><servicedir>$run_dir/services</servicedir>" \
    '<include>/usr/share/dbus-1/session.conf</include></busconfig>' >"$run_dir/bus.conf"
  dbus-daemon --config-file="$run_dir/bus.conf" --nofork --print-address=3 \
    3>"$run_dir/bus-address" 2>"$run_dir/bus.log" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$run_dir/bus-address" ] && break; sleep 0.1; done
  DBUS_SESSION_BUS_ADDRESS=$(head -1 "$run_dir/bus-address")
  export DBUS_SESSION_BUS_ADDRESS
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null \
    || { echo "The keyring did not start:" >&2; cat "$keyring_log" "$run_dir/bus.log" >&2; exit 1; }
fi

if [ "$want_xvfb" = 1 ] && [ "$want_keyring" = 1 ]; then
  # A desktop's notification daemon on this display and session bus, for the app's notifications
  # and the tests that read them back.
  dunst >"$run_dir/dunst.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null \
      | grep -q "boolean true" && break
    sleep 0.1
  done
fi

if [ "$want_postgres" = 1 ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed: run tests/setup.sh" >&2; exit 1; }
  # PostgreSQL refuses to run as root: there, the cluster belongs to the package's own user.
  if [ "$(id -u)" = 0 ]; then as_postgres() { runuser -u postgres -- "$@"; }; else as_postgres() { "$@"; }; fi
  pg_dir=$(mktemp -d -t authdesk-postgres.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres "$pg_dir"
  # Neon's defaults where they matter to search: UTF-8, case-sensitive comparison.
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$pg_dir/initdb.log" 2>&1 \
    || { echo "initdb failed:" >&2; cat "$pg_dir/initdb.log" >&2; exit 1; }
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
    "-c listen_addresses='' -c unix_socket_directories='$pg_dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || { echo "PostgreSQL did not start:" >&2; cat "$pg_dir/server.log" >&2; exit 1; }
  export SANDBOX_POSTGRES="$pg_dir"
fi

export SANDBOX_PORT="${SANDBOX_PORT:-0}"
export SANDBOX_MAILBOX="${SANDBOX_MAILBOX:-$run_dir/mailbox.jsonl}"
export AUTHDESK_TEST_MAILBOX="$SANDBOX_MAILBOX"
node "$AUTHDESK_ROOT/tests/sandbox/server.mjs" >"$run_dir/sandbox.out" 2>"$run_dir/sandbox.log" &
pids+=($!)
# Seeding a million users (the benchmark's large tenant) takes minutes; a server that ends
# stops the wait at once.
for _ in $(seq 6000); do
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

# The tests' scratch folders (and the app's) go with the run instead of piling up in /tmp.
mkdir "$run_dir/tmp"
status=0
TMPDIR="$run_dir/tmp" "$@" || status=$?
if [ -n "${keyring_log:-}" ] && [ "$(grep -c '^keyring: daemon started' "$keyring_log")" -gt 1 ]; then
  echo "with-sandbox: the keyring daemon ended during the run and was started again:" >&2
  cat "$keyring_log" >&2
  if [ -n "${AUTHDESK_ARTIFACTS:-}" ]; then cp "$keyring_log" "$AUTHDESK_ARTIFACTS/keyring.log"; fi
fi
exit $status
