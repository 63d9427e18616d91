#!/usr/bin/env bash
# Installs Debian's PyTorch (python3-torch, for /usr/bin/python3) so that the
# tests against real PyTorch run (npm run test:pytorch) instead of skipping.
# The default test run needs none of it: it checks the committed files
# PyTorch's writer would produce (test/fixtures/pytorch). Nothing comes from
# anywhere but Debian's package archive.
set -euo pipefail
source "$(dirname "$0")/apt-install.sh"

PYTHON=/usr/bin/python3

if "$PYTHON" -c 'import torch' >/dev/null 2>&1; then
  exit 0
fi

apt_install setup-pytorch python3-torch "about 1 GB with its libraries"
if ! "$PYTHON" -c 'import torch; print(f"setup-pytorch: PyTorch {torch.__version__} installed for /usr/bin/python3")' >&2; then
  echo "setup-pytorch: python3-torch was installed but $PYTHON cannot import torch" >&2
  exit 1
fi
