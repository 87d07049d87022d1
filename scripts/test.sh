#!/usr/bin/env bash
# Every check and test of Agora, in the order a failure is cheapest to find. Run through `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n==> %s\n' "$*"; }
start=$(date +%s)

step "formatting"
cargo fmt --all -- --check

step "the core does not depend on tauri"
if cargo tree -p agora --edges normal,build --prefix none | grep -iE '^tauri'; then
  echo "error: the core crate depends on tauri (above)" >&2
  exit 1
fi

step "UI: type check, unit tests, build"
npm --prefix ui run check
npm --prefix ui test
npm --prefix ui run build

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "core: unit and integration tests"
cargo test

step "bindings are fresh"
AGORA_UPDATE_BINDINGS=1 cargo test --quiet --test bindings
if [ -n "$(git status --porcelain -- ui/src/lib/bindings)" ]; then
  git status --porcelain -- ui/src/lib/bindings
  echo "error: the TypeScript bindings are out of date; run 'make bindings' and commit them" >&2
  exit 1
fi

step "desktop app build"
cargo build -p agora -p agora-desktop

step "package: the .deb builds, unpacks and runs (docs/PACKAGING.md)"
bash scripts/package.sh
bash scripts/package-test.sh

step "end-to-end: the real window under Xvfb"
bash scripts/e2e.sh

echo "all checks passed in $(( $(date +%s) - start )) s"
