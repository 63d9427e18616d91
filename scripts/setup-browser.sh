#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the
# renderer's browser tests (npm run test:renderer). Nothing is downloaded
# from anywhere but Debian's package archive: Playwright's own browser
# download is not used.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

apt_install setup-browser chromium
if [ ! -x "$CHROMIUM" ]; then
  echo "setup-browser: chromium was installed but $CHROMIUM is missing; the renderer tests need Debian's chromium package there" >&2
  exit 1
fi
echo "setup-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed" >&2
