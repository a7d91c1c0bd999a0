#!/usr/bin/env bash
# Runs Authdesk's tests.
#   tests/test.sh            everything: setup, lints, unit, integration and end-to-end tests of the
#                            real app in WebKit under Xvfb, the installers included (what CI runs)
#   tests/test.sh --quick    lints, unit and integration tests: no setup, no installers, no window
#   tests/test.sh --postgres the same as the full run, with every sandbox on PostgreSQL only
#                            (combine with --quick; the full run does both databases)
#   tests/test.sh ARGS...    the tests ARGS select (they go to cargo nextest, e.g.
#                            -E 'test(wrong_password)'); installers are built only when selected
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"
started=$(date +%s)
# One feature set for every build (tests, demo, benchmarks), so none rebuilds what another built.
cargo_features=(--workspace --features authdesk/custom-protocol)

quick=0
databases=(sqlite postgres)
postgres_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1; shift ;;
    --postgres) postgres_only=1; shift ;;
    *) break ;;
  esac
done
if [ "$postgres_only" = 1 ]; then databases=(postgres); elif [ "$quick" = 1 ]; then databases=(sqlite); fi
# On PostgreSQL, when both run: the integration suite and the end-to-end tests of the table,
# roles, and a support ticket worked on the server's own fields.
postgres_part='binary(integration) or (binary(e2e) and (test(/^admin::/) or test(/^roles::/) or test(/^tickets::/)))'

if [ "$quick" = 1 ]; then
  command -v cargo-nextest >/dev/null && [ -e tests/sandbox/node_modules/better-auth ] || {
    echo "test: run tests/test.sh once (it installs the tools) before tests/test.sh --quick" >&2
    exit 1
  }
  # The app embeds the UI; the quick loop builds it only when there is none yet.
  [ -f src-ui/dist/index.html ] || bash src-ui/build.sh
else
  bash tests/setup.sh
  bash src-ui/build.sh
fi

echo "test: cargo fmt --check, cargo clippy -D warnings" >&2
cargo fmt --all --check
cargo clippy --quiet --all-targets "${cargo_features[@]}" -- -D warnings
cargo clippy --quiet -p authdesk-ui --target wasm32-unknown-unknown -- -D warnings

export AUTHDESK_ARTIFACTS="${AUTHDESK_ARTIFACTS:-$AUTHDESK_ROOT/tests/artifacts}"
mkdir -p "$AUTHDESK_ARTIFACTS"
tally="$AUTHDESK_ARTIFACTS/fault-suite.tsv"
rm -f "$tally"
cargo nextest run "${cargo_features[@]}" --no-run --cargo-quiet

if [ "$quick" = 1 ]; then
  selection=(-E 'not binary(e2e) and not binary(benches)' "$@")
  services=(--keyring)
else
  selection=("$@")
  services=(--xvfb --keyring)
  if cargo nextest list "${cargo_features[@]}" --cargo-quiet --message-format oneline "$@" 2>/dev/null \
    | grep -q 'installers::\|sizes::'; then
    echo "test: release installers (.deb, .rpm) and the minimal Tauri app sizes:: compares with" >&2
    packages=$(bash tests/package/build.sh)
    AUTHDESK_DEB=$(printf '%s\n' "$packages" | awk -F'\t' '$1 ~ /\.deb$/ { print $1 }')
    AUTHDESK_RPM=$(printf '%s\n' "$packages" | awk -F'\t' '$1 ~ /\.rpm$/ { print $1 }')
    cargo build --quiet --locked --release -p authdesk-bench-minimal --features authdesk-bench-minimal/custom-protocol
    AUTHDESK_RELEASE_DIR="$CARGO_TARGET_DIR/release"
    export AUTHDESK_DEB AUTHDESK_RPM AUTHDESK_RELEASE_DIR
  fi
fi
echo "test: setup and builds took $(($(date +%s) - started)) s; screenshots go to $AUTHDESK_ARTIFACTS" >&2

# A private D-Bus session: WebKit would otherwise start a bus that outlives the run.
status=0
for database in "${databases[@]}"; do
  database_selection=("${selection[@]}")
  database_services=("${services[@]}")
  if [ "$database" = postgres ]; then
    database_services+=(--postgres)
    if [ ${#databases[@]} -gt 1 ] && [ $# -eq 0 ]; then database_selection=(-E "$postgres_part"); fi
  fi
  echo "test: on $database" >&2
  SANDBOX_USERS="${SANDBOX_USERS:-1000}" dbus-run-session -- \
    bash tests/with-sandbox.sh "${database_services[@]}" -- \
    cargo nextest run "${cargo_features[@]}" --cargo-quiet "${database_selection[@]}" || status=$?
done

if [ -f "$tally" ]; then
  echo "fault suite: $(grep -c '^fault' "$tally") faults and $(grep -c '^bad input' "$tally") bad inputs tried (each listed in $tally)" >&2
fi
echo "test: $(($(date +%s) - started)) s in all" >&2
exit $status
