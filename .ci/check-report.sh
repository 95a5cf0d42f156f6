#!/usr/bin/env bash
# Opens a generated report in headless Chromium (Debian's package, installed here if missing) and checks that
# every image decoded and that the page logged nothing to the console.
set -euo pipefail
report="$(realpath "$1")"
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the report check…"
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
timeout 120 chromium --headless=new --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
  --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "file://$report" >"$tmp/dom.html" 2>"$tmp/log.txt" || true
state="$(grep -o 'data-images="[^"]*"' "$tmp/dom.html" || true)"
console="$(grep -E 'CONSOLE' "$tmp/log.txt" || true)"
if [[ -z "$state" ]]; then echo "report check: the page did not finish loading ($report)"; exit 1; fi
if [[ "$state" != *" ok\"" ]]; then echo "report check: images did not load: $state ($report)"; exit 1; fi
if [[ -n "$console" ]]; then echo "report check: console messages: $console"; exit 1; fi
echo "report check: $state, no console messages ($report)"
