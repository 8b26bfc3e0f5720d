#!/usr/bin/env bash
# System packages the tests and the README's examples use, from Debian.
# Java 17 and Maven are optional: without them the broker falls back to tansu.
set -euo pipefail
missing=()
command -v kcat >/dev/null || missing+=(kcat)
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing system packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
