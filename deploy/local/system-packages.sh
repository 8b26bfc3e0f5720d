#!/usr/bin/env bash
# What each of the two commands needs from Debian, installed when missing:
#   run   kcat, for docs/integration.md's agency example; prometheus (with promtool) for
#         `make run`'s Prometheus
#   test  the same, chromium and fonts-dejavu-core for the console's browser tests
#         (Playwright's Python package drives /usr/bin/chromium; Playwright's own browser
#         downloads are never used); promtool also checks and unit-tests the alert rules
# Java 17 and Maven are optional for both: without them the broker falls back to tansu.
# apt-get waits up to ten minutes for another apt or dpkg to let go of the package lock
# instead of failing at once.
set -euo pipefail
case "${1:-}" in
  run) wanted=(kcat prometheus) ;;
  test) wanted=(kcat prometheus chromium fonts-dejavu-core) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
present() {
  case "$1" in
    kcat) command -v kcat >/dev/null ;;
    prometheus) command -v promtool >/dev/null ;;
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
  # Debian starts a packaged daemon (prometheus) on install; the stack starts its own, so
  # none may start now (policy-rc.d's exit 101 forbids it), unless a policy is already set.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt=(apt-get -o DPkg::Lock::Timeout=600)
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
