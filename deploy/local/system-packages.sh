#!/usr/bin/env bash
# What each of the two commands needs from Debian, installed when missing:
#   run   kcat, for docs/integration.md's agency example
#   test  kcat (tests/e2e run that example), chromium and fonts-dejavu-core for the
#         console's browser tests (Playwright's Python package drives /usr/bin/chromium;
#         Playwright's own browser downloads are never used)
# Java 17 and Maven are optional for both: without them the broker falls back to tansu.
# apt-get waits up to ten minutes for another apt or dpkg to let go of the package lock
# instead of failing at once.
set -euo pipefail
case "${1:-}" in
  run) wanted=(kcat) ;;
  test) wanted=(kcat chromium fonts-dejavu-core) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
present() {
  case "$1" in
    kcat) command -v kcat >/dev/null ;;
    chromium) [ -x /usr/bin/chromium ] ;;
    fonts-dejavu-core) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] ;;
  esac
}
missing=()
for package in "${wanted[@]}"; do
  present "$package" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt=(apt-get -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
