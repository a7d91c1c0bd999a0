#!/usr/bin/env bash
# Benchmarks, each printing figures and ratios against a baseline measured in the same run.
#   client overhead: authdesk-client vs a bare reqwest call to the same sandbox server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"
bash tests/setup.sh >/dev/null
cargo build --quiet --release -p authdesk-client --example overhead
admin_email=$(node -p 'require("./tests/sandbox/accounts.json").admin.email')
admin_password=$(node -p 'require("./tests/sandbox/accounts.json").admin.password')
BENCH_EMAIL="$admin_email" BENCH_PASSWORD="$admin_password" SANDBOX_USERS="${SANDBOX_USERS:-1000}" \
  bash tests/with-sandbox.sh -- "$CARGO_TARGET_DIR/release/examples/overhead"
