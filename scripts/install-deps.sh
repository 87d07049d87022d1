#!/usr/bin/env bash
# Installs what Agora needs on Debian/Ubuntu when it is missing: system packages (WebKitGTK, Xvfb, the
# WebKit WebDriver, ImageMagick; D-Bus, for the keychain (Secret Service) and for the end-to-end tests'
# session bus and notification service; desktop-file-utils, for the package test), the UI's npm packages,
# and tauri-driver. Rust (rustup) and Node.js 20+ are prerequisites (see README). Safe to run again: it only
# installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libwebkit2gtk-4.1-dev build-essential pkg-config file xvfb xauth webkit2gtk-driver imagemagick
  x11-utils fonts-dejavu-core dbus-daemon dbus-bin python3-dbus python3-gi libdbus-1-dev desktop-file-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for tool in cargo node npm; do
  command -v "$tool" >/dev/null || { echo "error: $tool is required (see README: Prerequisites)" >&2; exit 1; }
done

if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "installing the UI's npm packages"
  npm --prefix ui ci --no-audit --no-fund
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  echo "installing tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi
