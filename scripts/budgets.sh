#!/usr/bin/env bash
# Measures the start-up and memory budgets of the release app (docs/QUALITY.md) under Xvfb: builds the app
# in the `dist` profile (as `make package` does), makes an empty library and the benchmark dataset
# (`agora dev seed`: 100,000 people, 1,000,000 interactions, 20,000 posts; kept in ~/.cache/agora/budgets
# between runs, about 4 minutes to make), then runs scripts/measure-budgets.mjs. Run through `make budgets`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
export PATH="$HOME/.cargo/bin:$PATH"

npm --prefix ui run build
# Built as `make package` builds them (the same features), so one build serves both.
cargo build --profile dist -p agora -p agora-desktop --bin agora
(cd src-tauri && cargo build --profile dist --bins --features tauri/custom-protocol)
cli="$CARGO_TARGET_DIR/dist/agora"
export AGORA_APP="$CARGO_TARGET_DIR/dist/agora-desktop"

data="$HOME/.cache/agora/budgets"
for name in empty seeded; do
  [ -e "$data/$name/agora.sqlite3" ] && continue
  "$cli" --data-dir "$data/$name" init --name "Biblioteca Sala Borsa" --city Bologna --languages it,en \
    --timezone Europe/Rome >/dev/null
  [ "$name" = seeded ] && "$cli" --data-dir "$data/$name" dev seed
done

source scripts/xvfb.sh
export AGORA_ARTIFACTS="$PWD/artifacts"
dbus-run-session -- node scripts/measure-budgets.mjs "$data/empty" "$data/seeded"
