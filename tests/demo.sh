#!/usr/bin/env bash
# Builds Authdesk and opens it against the built-in sandbox auth server full of demo users.
# The server stops when the app window closes.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: Authdesk is a desktop app; run this from a graphical session." >&2
  exit 1
fi
bash tests/setup.sh
bash src-ui/build.sh
# The same build as tests/test.sh's, so one reuses what the other compiled.
cargo nextest run --workspace --features authdesk/custom-protocol --no-run --cargo-quiet

node -e '
  const a = require(process.argv[1]).admin;
  console.log(`demo: sign in as ${a.email} with password ${a.password}`);
' "$AUTHDESK_ROOT/tests/sandbox/accounts.json"

export SANDBOX_PORT="${SANDBOX_PORT:-3917}"
exec bash tests/with-sandbox.sh -- \
  bash -c 'AUTHDESK_DEFAULT_SERVER="$AUTHDESK_TEST_AUTH_URL" exec "$CARGO_TARGET_DIR/debug/authdesk"'
