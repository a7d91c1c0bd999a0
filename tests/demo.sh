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

export SANDBOX_PORT="${SANDBOX_PORT:-3917}"
export SANDBOX_MAILBOX="${SANDBOX_MAILBOX:-${TMPDIR:-/tmp}/authdesk-demo-mailbox.jsonl}"
: >"$SANDBOX_MAILBOX"
node -e '
  const [accounts, mailbox] = [require(process.argv[1]), process.argv[2]];
  const { admin: a, totpAdmin: t, passwordlessAdmin: p } = accounts;
  console.log(`demo: sign in as ${a.email} with password ${a.password}`);
  console.log(`demo: two-factor: ${t.email} with password ${t.password}; its authenticator code:`);
  console.log(`      node tests/sandbox/totp.mjs (or a backup code: ${t.twoFactor.backupCodes[0]})`);
  console.log(`demo: no password: ${p.email}, with an email code or a magic link`);
  console.log(`demo: the mail the server sends (codes, links, password resets) lands in ${mailbox}`);
  console.log(`demo: the first password-reset mail asks for your product's reset page; the sandbox`);
  console.log(`      trusts http://127.0.0.1:${process.argv[3]}/reset-password`);
' "$AUTHDESK_ROOT/tests/sandbox/accounts.json" "$SANDBOX_MAILBOX" "$SANDBOX_PORT"

exec bash tests/with-sandbox.sh -- \
  bash -c 'AUTHDESK_DEFAULT_SERVER="$AUTHDESK_TEST_AUTH_URL" exec "$CARGO_TARGET_DIR/debug/authdesk"'
