#!/usr/bin/env bash
# Benchmarks, each printing figures and ratios against a baseline measured in the same run:
#   sizes: the release UI's wasm (raw and gzip, and where its bytes go), the release binary and
#          the .deb, beside a minimal Tauri app (tests/bench/minimal) built with the same profile,
#          and the floor under the binary's budget (tests/bench/floor: that app with Authdesk's
#          libraries);
#   start-up and idle memory: release Authdesk vs that minimal app, interleaved;
#   client overhead: authdesk-client vs a bare reqwest call to the same sandbox server;
#   list latency: a tenant of 100 users vs one of 1,000,000 on PostgreSQL, each beside a bare call;
#   power tools: a bulk ban of 1,000 users vs the floor Better Auth's default rate limit sets;
#          an export of 100,000 users and a compound view's scan vs the same pages read bare;
#   UI round trip: search keystroke to painted page (100 and 200 rows) in the real app (release
#          build) vs a bare HTTP call for the same list-users request, and where the time goes;
#   and at the end all of them again, one table, each held to its budget (for the README).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"
bash tests/setup.sh >/dev/null
admin_email=$(node -p 'require("./tests/sandbox/accounts.json").admin.email')
admin_password=$(node -p 'require("./tests/sandbox/accounts.json").admin.password')
export BENCH_EMAIL="$admin_email" BENCH_PASSWORD="$admin_password"
release="$CARGO_TARGET_DIR/release"
size() { wc -c < "$1" | tr -d ' '; }
# Each benchmark adds its figures, held to their budgets, to one table (tests/benches/summary.rs),
# printed at the end for the README.
export AUTHDESK_BENCH_SUMMARY="${TMPDIR:-/tmp}/authdesk-bench-summary.$$.md"
: > "$AUTHDESK_BENCH_SUMMARY"
trap 'rm -f "$AUTHDESK_BENCH_SUMMARY" "${named_wasm:-}"' EXIT

echo "== sizes"
# The same wasm keeping its functions' names, to say where its bytes go (tests/e2e/sizes/parts.rs).
named_wasm="${TMPDIR:-/tmp}/authdesk-bench-named.$$.wasm"
AUTHDESK_UI_NAMED_WASM="$named_wasm" bash src-ui/build.sh | sed 's/^ui: built [^ ]* /release UI /'
deb=$(bash tests/package/build.sh deb 2>/dev/null | cut -f1 | grep '\.deb$')
cargo build --quiet --release -p authdesk-bench-minimal --features authdesk-bench-minimal/custom-protocol
# The floor under the binary's budget: the minimal app with Authdesk's libraries, none of its code.
cargo build --quiet --release -p authdesk-bench-floor --features authdesk-bench-floor/custom-protocol
echo "release binary: authdesk $(size "$release/authdesk") bytes, minimal Tauri app $(size "$release/authdesk-bench-minimal") bytes, the floor $(size "$release/authdesk-bench-floor") bytes"
echo ".deb: $(size "$deb") bytes ($(basename "$deb"))"
# Beside their budgets and ceilings, as the test run checks them (one definition).
AUTHDESK_RELEASE_DIR="$release" AUTHDESK_BENCH_FLOOR="$release/authdesk-bench-floor" \
  AUTHDESK_UI_NAMED_WASM="$named_wasm" cargo nextest run --cargo-quiet --features authdesk/custom-protocol \
  -E 'binary(e2e) & test(sizes::)' --no-capture 2>&1 | grep -E '^size:' || true

echo "== start-up and idle memory (release builds)"
# Driven by WebDriver, a shipped build would not restore the session this benchmark times.
cargo build --quiet --release --features authdesk/custom-protocol,authdesk/bench-restore-under-automation
# The two apps the benches start, set aside: the benches' own release build links
# target/release/authdesk again (its tests need the binary), without that switch.
apps="$CARGO_TARGET_DIR/bench-apps"
mkdir -p "$apps"
cp "$release/authdesk" "$release/authdesk-bench-minimal" "$apps/"
# The benches are built optimised, as the app is: the export and the scan run the console's
# code in the bench's own process, where an unoptimised build would time the build, not the app.
benches=(cargo nextest run --cargo-quiet --cargo-profile release --features authdesk/custom-protocol
  --run-ignored only)
"${benches[@]}" -E 'binary(benches)' --no-run
# Through the environment, not the command line: the tests end leftover apps by the binary's
# path (pkill -f), which would end any process that names it in its arguments too.
export AUTHDESK_BENCH_APP="$apps/authdesk" AUTHDESK_BENCH_MINIMAL="$apps/authdesk-bench-minimal"
SANDBOX_USERS="${SANDBOX_USERS:-1000}" dbus-run-session -- bash tests/with-sandbox.sh --xvfb --keyring -- \
  "${benches[@]}" -E 'binary(benches) & test(startup::)' --no-capture 2>&1 | grep -E '^(start-up|idle memory|  )'

echo "== client overhead and list latency"
cargo build --quiet --release -p authdesk-client --example overhead --example list_latency
SANDBOX_USERS="${SANDBOX_USERS:-1000}" bash tests/with-sandbox.sh -- "$release/examples/overhead"
# A tenant of 100 users beside one of 1,000,000 on PostgreSQL, as Neon keeps them: the inner
# sandbox makes its database on the outer one's cluster.
SANDBOX_USERS=100 bash tests/with-sandbox.sh --postgres -- bash -c '
  export BENCH_SMALL_URL=$AUTHDESK_TEST_AUTH_URL
  SANDBOX_USERS=1000000 bash tests/with-sandbox.sh -- \
    bash -c "BENCH_LARGE_URL=\$AUTHDESK_TEST_AUTH_URL exec \"$0\"" "$0"' "$release/examples/list_latency"

echo "== power tools (bulk, export, compound view)"
# Each starts sandboxes of its own (1,000 users rate-limited; 100,000 users).
dbus-run-session -- bash tests/with-sandbox.sh --keyring -- \
  "${benches[@]}" -E 'binary(benches) & test(power::)' --test-threads 1 --no-capture 2>&1 | grep -E '^(bulk ban|export|compound scan):'

echo "== UI round trip (release build)"
SANDBOX_USERS="${SANDBOX_USERS:-1000}" dbus-run-session -- bash tests/with-sandbox.sh --xvfb --keyring -- \
  "${benches[@]}" -E 'binary(benches) & test(ui::)' --no-capture 2>&1 | grep -E "^ +[0-9]+ rows|^ +where it goes|^ +the floor|^search keystroke"

echo "== summary: $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD) (issue 16's budgets)"
echo "| what | Authdesk | baseline | figure | budget | |"
echo "| --- | --- | --- | --- | --- | --- |"
cat "$AUTHDESK_BENCH_SUMMARY"
