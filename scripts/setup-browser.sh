#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the
# renderer's browser tests (npm run test:renderer). Nothing is downloaded
# from anywhere but Debian's package archive: Playwright's own browser
# download is not used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

fail() {
  echo "setup-browser: $*" >&2
  echo "setup-browser: the renderer tests need Debian's chromium package at $CHROMIUM" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available, so chromium cannot be installed here"
if [ "$(id -u)" -ne 0 ]; then
  fail "installing chromium needs root (run: sudo apt-get install -y chromium)"
fi

echo "setup-browser: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq chromium >/dev/null || fail "apt-get install chromium failed"
[ -x "$CHROMIUM" ] || fail "chromium was installed but $CHROMIUM is missing"
echo "setup-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2
