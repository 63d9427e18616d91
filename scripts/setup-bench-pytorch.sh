#!/usr/bin/env bash
# `npm run bench:setup`: pip's PyTorch CPU build (with MKL), numpy and
# safetensors in a virtual environment of the benchmark's own, .venv-bench/ at
# the repository's root (git-ignored), which `npm run bench` prefers to any
# other python3 but $PYTHON. A distribution's torch (Debian's python3-torch) is
# a generic-BLAS build several times slower, so "ours ÷ PyTorch" against it
# would flatter us.
#
# pip installs with the machine's own configuration (`pip config list`: its
# index, mirrors and find-links); the script names no other source. Once the
# environment imports all three, running it again changes nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VENV="$ROOT/.venv-bench"
TORCH_VERSION="2.13.0+cpu"
PACKAGES=("torch==$TORCH_VERSION" numpy safetensors)
# The Python the environment is made from; its version must have a torch wheel.
BASE_PYTHON="${VENV_PYTHON:-python3}"
# An unreachable index otherwise costs minutes of retries before pip tries the next source.
PIP_OPTIONS=(--timeout 5 --retries 0 --disable-pip-version-check)

ready() {
  [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '
import sys, numpy, safetensors, torch
sys.exit(torch.__version__ != sys.argv[1])' "$TORCH_VERSION" >/dev/null 2>&1
}

describe() {
  "$VENV/bin/python" -c '
import re, torch
blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
print("PyTorch", torch.__version__, "(BLAS_INFO=" + (blas.group(1) if blas else "unknown") + ")", end="")'
  echo " in .venv-bench/, $(du -sh "$VENV" | cut -f1) on disk"
}

if ready; then
  echo "setup-bench-pytorch: already set up: $(describe)"
  exit 0
fi

echo "setup-bench-pytorch: installing ${PACKAGES[*]} into .venv-bench/ with pip's configuration:"
"$BASE_PYTHON" -m pip config list 2>/dev/null | sed 's/^/  /' || true
echo "  about 1 GB once installed (the torch wheel alone is about 180 MB); this takes a few minutes."
if [ ! -x "$VENV/bin/python" ]; then
  "$BASE_PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet "${PIP_OPTIONS[@]}" "${PACKAGES[@]}"
if ! ready; then
  echo "setup-bench-pytorch: pip finished but .venv-bench/bin/python cannot import ${PACKAGES[*]}" >&2
  exit 1
fi
echo "setup-bench-pytorch: $(describe)"
