#!/usr/bin/env bash
# Runs every Authdesk test: formatting and lints, unit tests, integration tests against the real
# sandbox Better Auth server, and end-to-end tests of the real app in WebKit under Xvfb.
# Extra arguments go to cargo nextest, e.g.  tests/test.sh -E 'test(sign_in)'
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$AUTHDESK_ROOT"
started=$(date +%s)

bash tests/setup.sh
bash src-ui/build.sh

echo "test: cargo fmt --check, cargo clippy -D warnings" >&2
cargo fmt --all --check
cargo clippy --quiet --workspace --all-targets --features authdesk/custom-protocol -- -D warnings
cargo clippy --quiet -p authdesk-ui --target wasm32-unknown-unknown -- -D warnings

echo "test: release installers (.deb, .rpm)" >&2
packages=$(bash tests/package/build.sh)
AUTHDESK_DEB=$(printf '%s\n' "$packages" | awk -F'\t' '$1 ~ /\.deb$/ { print $1 }')
AUTHDESK_RPM=$(printf '%s\n' "$packages" | awk -F'\t' '$1 ~ /\.rpm$/ { print $1 }')
export AUTHDESK_DEB AUTHDESK_RPM

export AUTHDESK_ARTIFACTS="${AUTHDESK_ARTIFACTS:-$AUTHDESK_ROOT/tests/artifacts}"
mkdir -p "$AUTHDESK_ARTIFACTS"
tally="$AUTHDESK_ARTIFACTS/fault-suite.tsv"
rm -f "$tally"
cargo nextest run --workspace --features authdesk/custom-protocol --no-run --cargo-quiet
echo "test: setup and builds took $(($(date +%s) - started)) s; screenshots go to $AUTHDESK_ARTIFACTS" >&2

# A private D-Bus session: WebKit would otherwise start a bus that outlives the run.
status=0
SANDBOX_USERS="${SANDBOX_USERS:-1000}" dbus-run-session -- \
  bash tests/with-sandbox.sh --xvfb --keyring -- \
  cargo nextest run --workspace --features authdesk/custom-protocol --cargo-quiet "$@" || status=$?

if [ -f "$tally" ]; then
  echo "fault suite: $(grep -c '^fault' "$tally") faults and $(grep -c '^bad input' "$tally") bad inputs tried (each listed in $tally)" >&2
fi
echo "test: $(($(date +%s) - started)) s in all" >&2
exit $status
