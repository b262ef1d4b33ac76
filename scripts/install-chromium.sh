#!/usr/bin/env bash
# Debian's chromium for the dashboard's browser tests (test/dashboard.test.ts), installed once:
# nothing to do when `chromium` is already on PATH. Needs root and apt-get; otherwise it says how.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: chromium is not on PATH and cannot be installed here (needs root and apt-get)." >&2
  echo "  install it yourself: sudo apt-get update && sudo apt-get install -y chromium" >&2
  echo "  (or point TOKENOMICS_CHROMIUM at a Chromium/Chrome binary)" >&2
  exit 1
fi
echo "install-chromium: apt-get install chromium (for the dashboard's browser tests)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-liberation >/dev/null
command -v chromium >/dev/null
