#!/usr/bin/env bash
# Builds the release installers offline with the Tauri CLI (npm's prebuilt binary, installed by
# tests/setup.sh): .deb and .rpm here; the CI workflow (.github/workflows/bundles.yml) passes
# app,dmg on macOS and msi,nsis on Windows. Prints each installer's path and size.
#   tests/package/build.sh            # deb and rpm
#   tests/package/build.sh deb        # the kinds given
set -euo pipefail
source "$(dirname "$0")/../env.sh"
cd "$AUTHDESK_ROOT"
bundles="${1:-deb,rpm}"
started=$(date +%s)
bundle_dir="$CARGO_TARGET_DIR/release/bundle"
rm -rf "$bundle_dir" # only this build's installers are listed below
# --ci: no prompts. The UI is built by beforeBuildCommand (src-ui/build.sh).
# -- --locked: cargo builds exactly what Cargo.lock pins, or stops.
tauri build --ci --bundles "$bundles" -- --locked >&2
echo "package: built $bundles in $(($(date +%s) - started)) s" >&2
for file in "$bundle_dir"/{deb/*.deb,rpm/*.rpm,dmg/*.dmg,msi/*.msi,nsis/*.exe}; do
  [ -e "$file" ] || continue
  printf '%s\t%s bytes\n' "$file" "$(wc -c < "$file" | tr -d ' ')"
done
