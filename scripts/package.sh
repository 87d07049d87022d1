#!/usr/bin/env bash
# Builds Agora's Debian package through the Tauri bundler, with the repository's src-tauri/tauri.conf.json:
# the UI (the config's beforeBuildCommand), the `agora` command line and the desktop app in cargo's `dist`
# profile (release, stripped), the command line shipped as the bundle's external binary (/usr/bin/agora).
# Prints the path of the .deb. Run through `make package`; see docs/PACKAGING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)

triple=$(rustc -vV | sed -n 's/^host: //p')
version=$(cargo pkgid -p agora | sed 's/.*[#@]//')

# The command line first: the bundler takes external binaries from src-tauri/binaries/NAME-TARGET_TRIPLE.
# Naming both packages resolves the dependencies' features as the app's build does, so the app below reuses
# every compiled dependency and the core instead of compiling them a second time with other features.
cargo build --profile dist -p agora -p agora-desktop --bin agora
mkdir -p src-tauri/binaries
cp "$CARGO_TARGET_DIR/dist/agora" "src-tauri/binaries/agora-$triple"

# Then the UI, the app and the bundle. The extra config only adds the external binary (kept out of the main
# config because tauri-build refuses to compile the app, even a debug build, when it is missing).
rm -f "$CARGO_TARGET_DIR"/dist/bundle/deb/*.deb
ui/node_modules/.bin/tauri build --ci --config src-tauri/tauri.package.conf.json --bundles deb -- --profile dist

deb=$(ls "$CARGO_TARGET_DIR"/dist/bundle/deb/*_"$version"_*.deb)

# The bundler compresses with gzip; repack the same files and control data with xz, dpkg's own default, which
# makes the package about a quarter smaller (13.6 → 9.8 MiB measured).
gzip_size=$(stat -c %s "$deb")
repack=$(mktemp -d "${TMPDIR:-/tmp}/agora-deb.XXXXXX")
trap 'rm -rf "$repack"' EXIT
dpkg-deb -R "$deb" "$repack/root"
dpkg-deb --root-owner-group -Zxz -b "$repack/root" "$repack/agora.deb" >/dev/null
mv "$repack/agora.deb" "$deb"

echo "built $deb ($(stat -c %s "$deb") bytes; $gzip_size with the bundler's gzip) in $(( $(date +%s) - start )) s"
