#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e/*.test.mjs) against the built desktop binary in a real window:
# starts Xvfb on a free display and a D-Bus session bus (for desktop notifications); the tests start
# tauri-driver (with WebKitWebDriver) per scenario.
# Screenshots land in artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
export PATH="$HOME/.cargo/bin:$PATH"
export AGORA_APP="${AGORA_APP:-$CARGO_TARGET_DIR/debug/agora-desktop}"
export AGORA_CLI="${AGORA_CLI:-$CARGO_TARGET_DIR/debug/agora}"
[ -x "$AGORA_APP" ] || { echo "error: $AGORA_APP is not built (make app)" >&2; exit 1; }

source scripts/xvfb.sh

mkdir -p artifacts/screenshots
export AGORA_ARTIFACTS="$PWD/artifacts"
# A hung scenario fails the run instead of eating the CI budget.
timeout 900 dbus-run-session -- node --test --test-concurrency=1 tests/e2e/
