#!/usr/bin/env bash
# Draws Agora's icon source (two speech bubbles: a conversation, not a megaphone) with ImageMagick.
# `make icons` runs this, then `tauri icon` to make every size from it.
set -euo pipefail
out=${1:-icons/source/agora.png}
mkdir -p "$(dirname "$out")"
/usr/bin/convert -size 512x512 xc:none \
  -fill '#1d5c63' -draw 'roundrectangle 16,16 496,496 96,96' \
  -fill '#f4efe6' -draw 'roundrectangle 96,120 344,300 40,40' -draw 'polygon 140,290 200,290 130,350' \
  -fill '#f2b84b' -draw 'roundrectangle 190,230 420,390 40,40' -draw 'polygon 370,380 310,380 390,440' \
  -fill '#1d5c63' -draw 'rectangle 140,180 300,196' -draw 'rectangle 140,220 260,236' \
  -draw 'circle 250,310 262,310' -draw 'circle 305,310 317,310' -draw 'circle 360,310 372,310' \
  "PNG32:$out"
