#!/usr/bin/env bash
# Tests Agora's Debian package (built by `make package`) as a user receives it, without installing it
# system-wide: its size (at most 15 MiB = 15 × 1024 × 1024 = 15,728,640 bytes), its control fields, then its
# files unpacked with `dpkg -x` into a fresh directory: both binaries, the icons, a valid desktop entry whose
# Exec names a binary of the package; finally the unpacked `agora --version` and `agora --help` run.
# Usage: scripts/package-test.sh [FILE.deb]   (default: the .deb of this version in $CARGO_TARGET_DIR/dist/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/agora/target}"
export PATH="$HOME/.cargo/bin:$PATH"

max_bytes=$((15 * 1024 * 1024))
fail() {
  echo "package test FAILED: $*" >&2
  exit 1
}
ok() { echo "  ok: $*"; }

version=$(cargo pkgid -p agora | sed 's/.*[#@]//')
[ -n "$version" ] || fail "could not read the version of the agora crate (cargo pkgid -p agora)"

deb="${1:-}"
if [ -z "$deb" ]; then
  deb=$(ls "$CARGO_TARGET_DIR"/dist/bundle/deb/*_"$version"_*.deb 2>/dev/null | head -n 1 || true)
  [ -n "$deb" ] || fail "no .deb of version $version in $CARGO_TARGET_DIR/dist/bundle/deb: run 'make package' first"
fi
[ -f "$deb" ] || fail "$deb does not exist"
echo "testing $deb"

# Size.
size=$(stat -c %s "$deb")
[ "$size" -le "$max_bytes" ] || fail "$deb is $size bytes, over the limit of $max_bytes bytes (15 MiB)"
ok "size $size bytes ($(awk "BEGIN { printf \"%.2f\", $size / 1048576 }") MiB) ≤ 15 MiB"

# Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = agora ] || fail "Package is '$(field Package)', expected 'agora'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', expected '$version' (from Cargo)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] ||
  fail "Architecture is '$(field Architecture)', expected '$(dpkg --print-architecture)'"
depends=$(field Depends)
for dep in libwebkit2gtk-4.1-0 libgtk-3-0 libdbus-1-3; do
  grep -qw -- "$dep" <<<"$depends" || fail "Depends ('$depends') lacks $dep"
done
[ -n "$(field Description)" ] || fail "the package has no Description"
ok "control: agora $version $(field Architecture), Depends: $depends"

# Unpack into a fresh directory tree.
tree=$(mktemp -d "${TMPDIR:-/tmp}/agora-package-test.XXXXXX")
trap 'rm -rf "$tree"' EXIT
dpkg -x "$deb" "$tree" || fail "dpkg -x could not unpack $deb"
ok "unpacked into $tree"

# Both binaries, executable and with every shared library found on this machine.
for bin in agora agora-desktop; do
  path="$tree/usr/bin/$bin"
  [ -f "$path" ] || fail "/usr/bin/$bin is missing from the package"
  [ -x "$path" ] || fail "/usr/bin/$bin is not executable"
  if ldd "$path" | grep -q 'not found'; then
    ldd "$path" | grep 'not found' >&2
    fail "/usr/bin/$bin needs shared libraries that are not installed (above)"
  fi
done
ok "binaries: /usr/bin/agora, /usr/bin/agora-desktop"

# The desktop entry.
shopt -s nullglob
entries=("$tree"/usr/share/applications/*.desktop)
shopt -u nullglob
[ ${#entries[@]} -eq 1 ] || fail "expected one desktop entry in /usr/share/applications, found ${#entries[@]}"
entry=${entries[0]}
key() { sed -n "s/^$1=//p" "$entry" | head -n 1; }
for k in Type Name Comment Categories Icon Exec; do
  [ -n "$(key "$k")" ] || fail "the desktop entry $(basename "$entry") has no $k"
done
[ "$(key Type)" = Application ] || fail "the desktop entry's Type is '$(key Type)', expected 'Application'"
[ "$(key Name)" = Agora ] || fail "the desktop entry's Name is '$(key Name)', expected 'Agora'"
exec_bin=$(key Exec | awk '{ print $1 }')
case "$exec_bin" in
  /*) exec_path="$tree$exec_bin" ;;
  *) exec_path="$tree/usr/bin/$exec_bin" ;;
esac
[ -x "$exec_path" ] || fail "the desktop entry's Exec names '$exec_bin', which is not a binary of the package"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$entry" || fail "desktop-file-validate rejects $(basename "$entry") (above)"
  validated=", desktop-file-validate passes"
else
  validated=" (desktop-file-validate not installed: not validated)"
fi
ok "desktop entry $(basename "$entry"): Exec=$(key Exec), Icon=$(key Icon), Categories=$(key Categories)$validated"

# The icons: the hicolor theme, under the entry's Icon name, each PNG as large as its folder says.
icon=$(key Icon)
sizes=()
for png in "$tree"/usr/share/icons/hicolor/*/apps/"$icon".png; do
  [ -f "$png" ] || continue
  folder=$(basename "$(dirname "$(dirname "$png")")") # e.g. 128x128 or 128x128@2
  want=${folder%@*}
  [ "${folder#*@}" != "$folder" ] && want="$((${want%x*} * ${folder#*@}))x$((${want%x*} * ${folder#*@}))"
  got=$(file -b "$png" | sed -n 's/^PNG image data, \([0-9]*\) x \([0-9]*\),.*/\1x\2/p')
  [ "$got" = "$want" ] || fail "icon $folder/apps/$icon.png is ${got:-not a PNG}, expected $want"
  sizes+=("$folder")
done
[ ${#sizes[@]} -ge 3 ] || fail "expected at least 3 icon sizes for '$icon' under /usr/share/icons/hicolor, found ${#sizes[@]}"
for needed in 32x32 128x128; do
  [ -f "$tree/usr/share/icons/hicolor/$needed/apps/$icon.png" ] || fail "no $needed icon for '$icon'"
done
ok "icons: ${sizes[*]}"

# The command line runs from the unpacked tree, touching no data folder.
scratch="$tree/scratch"
mkdir -p "$scratch"
out=$(HOME="$scratch" AGORA_DATA_DIR="$scratch/data" "$tree/usr/bin/agora" --version) ||
  fail "'agora --version' exited with status $?"
[ "$out" = "agora $version" ] || fail "'agora --version' printed '$out', expected 'agora $version'"
ok "agora --version: $out"
help=$(HOME="$scratch" AGORA_DATA_DIR="$scratch/data" "$tree/usr/bin/agora" --help) ||
  fail "'agora --help' exited with status $?"
grep -q '^Usage: agora' <<<"$help" || fail "'agora --help' printed no 'Usage: agora' line: $help"
[ ! -e "$scratch/data" ] || fail "'agora --version/--help' created a data folder"
ok "agora --help: $(grep -c . <<<"$help") lines"

echo "package test passed: $(basename "$deb")"
