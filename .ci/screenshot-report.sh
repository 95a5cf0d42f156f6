#!/usr/bin/env bash
# Screenshots a generated report in headless Chromium (as .ci/check-report.sh opens it) at 1480 px wide, the width
# at which the report lays its plots out in two columns: screenshot-report.sh REPORT.html OUT.png
# The page is cropped to its content and scaled to 2/3 when Python's PIL is available.
set -euo pipefail
report="$(realpath "$1")"; out="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile" \
  --window-size=1480,9000 --virtual-time-budget=5000 --screenshot="$tmp/page.png" "file://$report" >/dev/null 2>&1 || true
[[ -s "$tmp/page.png" ]] || { echo "screenshot: chromium wrote nothing for $report"; exit 1; }
python3 - "$tmp/page.png" "$out" <<'PY' 2>/dev/null || cp "$tmp/page.png" "$out"
import sys
from PIL import Image, ImageChops
im = Image.open(sys.argv[1]).convert("RGB")
box = ImageChops.difference(im, Image.new("RGB", im.size, (255, 255, 255))).getbbox()
h = box[3] + 24
im = im.crop((0, 0, im.size[0], h)).resize((im.size[0] * 2 // 3, h * 2 // 3), Image.LANCZOS)
im.quantize(colors=192, method=Image.Quantize.MEDIANCUT).save(sys.argv[2], optimize=True)
PY
echo "screenshot: $out"
