#!/usr/bin/env bash
# Installs Debian's PyTorch (python3-torch, for /usr/bin/python3) so that the
# tests against real PyTorch run (npm run test:pytorch) instead of skipping.
# The default test run needs none of it: it checks the committed files
# PyTorch's writer would produce (test/fixtures/pytorch). Nothing comes from
# anywhere but Debian's package archive.
set -euo pipefail

PYTHON=/usr/bin/python3

if "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
  exit 0
fi

fail() {
  echo "setup-pytorch: $*" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || fail "apt-get is not available, so python3-torch cannot be installed here"
if [ "$(id -u)" -ne 0 ]; then
  fail "installing python3-torch needs root (run: sudo apt-get install -y python3-torch)"
fi

echo "setup-pytorch: installing python3-torch with apt-get (about 1 GB with its libraries)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq python3-torch >/dev/null || fail "apt-get install python3-torch failed"
"$PYTHON" -c 'import torch; print(f"setup-pytorch: PyTorch {torch.__version__} installed for '"$PYTHON"'")' >&2 || fail "python3-torch was installed but $PYTHON cannot import torch"
