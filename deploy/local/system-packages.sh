#!/usr/bin/env bash
# System packages the tests and the README's examples use, from Debian:
# kcat for the README's agency example, chromium for the console's browser tests
# (driven by Playwright's Python package; Playwright's own browser downloads are never used).
# prometheus (with promtool) for `make run`'s Prometheus and the alert rules' tests.
# Java 17 and Maven are optional: without them the broker falls back to tansu.
set -euo pipefail
missing=()
command -v kcat >/dev/null || missing+=(kcat)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v promtool >/dev/null || missing+=(prometheus)
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
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
