#!/usr/bin/env bash
# Installs everything Authdesk's build, demo and tests need on a Debian/Ubuntu machine.
# Idempotent: a second run only checks. Says what it does and how long each step took.
#   tests/setup.sh                  everything (Debian/Ubuntu)
#   tests/setup.sh --bundle-tools   only what building the installers needs (any OS with bash,
#                                   rustup and npm: the macOS and Windows CI runners)
set -euo pipefail
mode=all
[ "${1:-}" = --bundle-tools ] && mode=bundle-tools
source "$(dirname "$0")/env.sh"
mkdir -p "$AUTHDESK_CACHE"

TAURI_DRIVER_VERSION=2.1.0
NEXTEST_VERSION=0.9.143

APT_PACKAGES=(
  build-essential pkg-config libssl-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev   # Tauri on Linux
  xvfb xauth webkit2gtk-driver imagemagick                           # headless GUI tests, screenshots
  python3-xlib                                                       # a close button without a window manager
  xclip                                                              # reads the clipboard back
  xdotool                                                            # types into native dialogs
  python3-dbus python3-gi                                            # a file manager on the test bus
  dunst                                                              # a notification daemon
  locales tzdata                                                     # dates in a language and zone
  dbus dbus-x11 gnome-keyring keyutils libdbus-1-dev                 # Secret Service keyring
  rpm                                                                # .rpm bundles
  openssl                                                            # certificates for TLS tests
  minisign                                                           # signs the updates tests serve
  postgresql                                                         # the sandbox on PostgreSQL, as Neon
)

step_started=0
step() { step_started=$(date +%s); printf 'setup: %s … ' "$1"; }
done_step() { printf '%s (%ss)\n' "${1:-ok}" "$(($(date +%s) - step_started))"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "$mode" = all ]; then
step "system packages"
missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'installing %s … ' "${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
  done_step installed
else
  done_step "all present"
fi

# The date and number tests read the window in British, American English and German.
step "locales en_GB.UTF-8, en_US.UTF-8, de_DE.UTF-8"
made=()
for locale in en_GB en_US de_DE; do
  if ! locale -a 2>/dev/null | grep -qx "$locale.utf8"; then
    as_root localedef -i "$locale" -c -f UTF-8 "$locale.UTF-8" && made+=("$locale")
  fi
done
if [ ${#made[@]} -gt 0 ]; then done_step "made ${made[*]}"; else done_step present; fi
fi

# The UI builds std for wasm32 itself, for size (src-ui/build.sh): it needs std's source.
step "wasm32 target and std source"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  && rustup component list --installed 2>/dev/null | grep -qx rust-src; then
  echo rustup > "$AUTHDESK_CACHE/wasm-route"
  done_step "present (rustup)"
elif rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
  && rustup component add rust-src >/dev/null 2>&1; then
  echo rustup > "$AUTHDESK_CACHE/wasm-route"
  done_step "installed (rustup)"
else
  # rustup could not fetch the target: Debian's rustc-web builds std for wasm32 itself.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    rustc-web cargo-web libstd-rust-web-dev rust-web-src rust-web-llvm lld-22 >/dev/null
  echo debian > "$AUTHDESK_CACHE/wasm-route"
  done_step "installed (Debian rustc-web fallback)"
fi

cargo_tool() { # binary version crate [extra cargo install flags]
  local binary=$1 version=$2 crate=$3; shift 3
  step "$crate $version"
  # cargo install records what it installed; tauri-driver has no --version to ask.
  if [ -x "$AUTHDESK_CACHE/tools/bin/$binary" ] \
    && grep -q "^\"$crate $version " "$AUTHDESK_CACHE/tools/.crates.toml" 2>/dev/null; then
    done_step present
  else
    install() {
      CARGO_TARGET_DIR="$AUTHDESK_CACHE/tools-target" cargo install --quiet "$crate" \
        --version "=$version" --root "$AUTHDESK_CACHE/tools" "$@"
    }
    if install "$@"; then
      done_step installed
    else
      # A registry mirror may lack a patch release the tool's lockfile pins (seen: webpki-roots
      # 1.0.11 for wasm-bindgen-cli 0.2.130); the tool's own version ranges still hold.
      local unlocked=()
      for flag in "$@"; do [ "$flag" = --locked ] || unlocked+=("$flag"); done
      printf 'its lockfile does not resolve here; with its own version ranges … '
      install "${unlocked[@]}"
      done_step installed
    fi
  fi
}

# The wasm-bindgen CLI must match the library version that Cargo.lock pins.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' \
  "$AUTHDESK_ROOT/Cargo.lock")
# --locked everywhere: a tool builds with the dependencies its release was tested with, not
# whatever resolves today.
cargo_tool wasm-bindgen "$wasm_bindgen_version" wasm-bindgen-cli --locked

step "Tauri CLI, wasm-opt (binaryen) and axe-core from npm, as tests/node-tools/package-lock.json pins them"
node_tools="$AUTHDESK_CACHE/node-tools"
lock="$AUTHDESK_ROOT/tests/node-tools/package-lock.json"
if cmp -s "$lock" "$node_tools/package-lock.json" && [ -d "$node_tools/node_modules/binaryen" ]; then
  done_step present
else
  # npm ci installs exactly the lock's files, each checked against its integrity hash.
  rm -rf "$node_tools" && mkdir -p "$node_tools"
  cp "$AUTHDESK_ROOT/tests/node-tools/package.json" "$lock" "$node_tools/"
  (cd "$node_tools" && npm ci --silent --no-audit --no-fund)
  done_step installed
fi

[ "$mode" = all ] || exit 0

cargo_tool tauri-driver "$TAURI_DRIVER_VERSION" tauri-driver --locked

step "cargo-nextest $NEXTEST_VERSION"
if cargo nextest --version 2>/dev/null | grep -q "^cargo-nextest $NEXTEST_VERSION "; then
  done_step present
else
  CARGO_TARGET_DIR="$AUTHDESK_CACHE/tools-target" cargo install --quiet cargo-nextest --locked \
    --version "=$NEXTEST_VERSION" --root "$AUTHDESK_CACHE/tools"
  done_step installed
fi

step "sandbox auth server's node modules"
sandbox="$AUTHDESK_ROOT/tests/sandbox"
lock_hash=$(sha256sum "$sandbox/package-lock.json" | cut -c1-16)
modules_home="$AUTHDESK_CACHE/sandbox-node/$lock_hash"
if [ -d "$modules_home/node_modules/better-auth" ]; then
  done_step present
else
  mkdir -p "$modules_home"
  cp "$sandbox/package.json" "$sandbox/package-lock.json" "$modules_home/"
  (cd "$modules_home" && npm ci --silent --no-audit --no-fund)
  done_step installed
fi
# Node resolves packages next to the script, so a link keeps the modules out of the clone.
if [ "$(readlink "$sandbox/node_modules" 2>/dev/null)" != "$modules_home/node_modules" ]; then
  rm -rf "$sandbox/node_modules"
  ln -s "$modules_home/node_modules" "$sandbox/node_modules"
fi
