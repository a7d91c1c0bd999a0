#!/usr/bin/env bash
# Benchmarks, each printing figures and ratios against a baseline measured in the same run.
#   client overhead: authdesk-client vs a bare reqwest call to the same sandbox server.
#   UI round trip: search keystroke to rendered page (100 and 200 rows) in the real app, vs a
#   bare HTTP call for the same list-users request.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"
bash tests/setup.sh >/dev/null
cargo build --quiet --release -p authdesk-client --example overhead
admin_email=$(node -p 'require("./tests/sandbox/accounts.json").admin.email')
admin_password=$(node -p 'require("./tests/sandbox/accounts.json").admin.password')
BENCH_EMAIL="$admin_email" BENCH_PASSWORD="$admin_password" SANDBOX_USERS="${SANDBOX_USERS:-1000}" \
  bash tests/with-sandbox.sh -- "$CARGO_TARGET_DIR/release/examples/overhead"

bash src-ui/build.sh >/dev/null
cargo nextest run --cargo-quiet --features authdesk/custom-protocol --run-ignored only \
  -E 'binary(bench_ui)' --no-run
SANDBOX_USERS="${SANDBOX_USERS:-1000}" dbus-run-session -- bash tests/with-sandbox.sh --xvfb --keyring -- \
  cargo nextest run --cargo-quiet --features authdesk/custom-protocol --run-ignored only \
  -E 'binary(bench_ui)' --no-capture 2>&1 | grep -E '^ +[0-9]+ rows|^search keystroke'
