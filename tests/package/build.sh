#!/usr/bin/env bash
# Builds the release installers offline with the Tauri CLI (npm's prebuilt binary, installed by
# tests/setup.sh): .deb and .rpm on Linux. Prints where they are and their sizes.
#   tests/package/build.sh            # deb and rpm
#   tests/package/build.sh deb        # one kind
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AUTHDESK_ROOT"
bundles="${1:-deb,rpm}"
started=$(date +%s)
# --ci: no prompts. The UI is built by beforeBuildCommand (src-ui/build.sh).
tauri build --ci --bundles "$bundles" >&2
bundle_dir="$CARGO_TARGET_DIR/release/bundle"
echo "package: built $bundles in $(($(date +%s) - started)) s" >&2
for file in "$bundle_dir"/deb/*.deb "$bundle_dir"/rpm/*.rpm; do
  [ -e "$file" ] || continue
  printf '%s\t%s bytes\n' "$file" "$(stat -c %s "$file")"
done
