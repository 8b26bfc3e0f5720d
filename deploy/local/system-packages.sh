#!/usr/bin/env bash
# System packages the tests and the README's examples use, from Debian:
# kcat for the README's agency example, chromium for the console's browser tests
# (driven by Playwright's Python package; Playwright's own browser downloads are never used).
# Java 17 and Maven are optional: without them the broker falls back to tansu.
set -euo pipefail
missing=()
command -v kcat >/dev/null || missing+=(kcat)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
