#!/usr/bin/env bash
# Builds the Yew UI into src-ui/dist: cargo (wasm32) -> wasm-bindgen -> wasm-opt -> static files.
# The tools come from tests/setup.sh; tests/env.sh puts them on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/env.sh"
profile=${AUTHDESK_UI_PROFILE:-wasm-release}
dist="$here/dist"

# std is built with the UI, for size: `optimize_for_size` picks std's smaller algorithms, and
# panics abort at once instead of formatting a message first. A panic aborts either way
# (panic = "abort"); with no console on wasm32-unknown-unknown its message was never seen, and
# formatting it cost 62 KB. Both switches are unstable, hence RUSTC_BOOTSTRAP, scoped to this
# one command (tests/setup.sh installs rust-src; see the toolchain notes).
build_std=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
if [ "$(cat "$AUTHDESK_CACHE/wasm-route" 2>/dev/null)" = debian ]; then
  # Fallback toolchain: Debian's rustc-web with its own std source (see shared toolchain notes).
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -p authdesk-ui \
    --target wasm32-unknown-unknown --profile "$profile" "${build_std[@]}" \
    --manifest-path "$here/../Cargo.toml"
else
  RUSTC_BOOTSTRAP=1 cargo build -p authdesk-ui --target wasm32-unknown-unknown \
    --profile "$profile" "${build_std[@]}" --manifest-path "$here/../Cargo.toml"
fi

built="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo "$profile")/authdesk-ui.wasm"
# The features rustc enables by default for wasm32 (and WebKit supports); wasm-opt must be told.
optimise=(wasm-opt -Oz --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals)
rm -rf "$dist.tmp" && mkdir -p "$dist.tmp"
wasm-bindgen --target web --no-typescript --out-dir "$dist.tmp" --out-name authdesk_ui "$built"
if [ "$profile" != dev ]; then
  "${optimise[@]}" --strip-debug --strip-producers \
    "$dist.tmp/authdesk_ui_bg.wasm" -o "$dist.tmp/authdesk_ui_bg.wasm"
fi
if [ -n "${AUTHDESK_UI_NAMED_WASM:-}" ]; then
  # The same wasm keeping its functions' names, for the bench to say where the bytes go
  # (tests/e2e/sizes/parts.rs): its code is the shipped file's, to within 0.1%.
  named=$(mktemp -d)
  wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$named" --out-name ui "$built"
  "${optimise[@]}" -g --strip-dwarf "$named/ui_bg.wasm" -o "$AUTHDESK_UI_NAMED_WASM"
  rm -rf "$named"
fi
cp "$here/index.html" "$here/main.js" "$here/styles.css" "$dist.tmp/"
mkdir -p "$dist.tmp/assets" && cp "$here/../icons/authdesk.svg" "$dist.tmp/assets/logo.svg"
rm -rf "$dist" && mv "$dist.tmp" "$dist"
wasm_bytes=$(wc -c < "$dist/authdesk_ui_bg.wasm" | tr -d " ")
gzip_bytes=$(gzip -9 -c "$dist/authdesk_ui_bg.wasm" | wc -c)
echo "ui: built $dist ($profile): wasm $wasm_bytes bytes, $gzip_bytes gzipped"
