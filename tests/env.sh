# Sourced by the project's scripts. Everything built or installed lives in one persistent cache
# outside the clone, so a second run (or CI on the same machine) rebuilds only what changed.
export AUTHDESK_ROOT="${AUTHDESK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export AUTHDESK_CACHE="${AUTHDESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/authdesk}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$AUTHDESK_CACHE/target}"
export npm_config_cache="$AUTHDESK_CACHE/npm-cache"
export PATH="$AUTHDESK_CACHE/tools/bin:$AUTHDESK_CACHE/node-tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
