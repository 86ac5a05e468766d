#!/usr/bin/env bash
# The whole test suite, from a bare machine: a fresh virtual environment, the browser the
# browser tests drive (Debian's chromium, installed with apt-get where missing), then lint,
# types and tests. CI runs exactly this (see .ci/run); so should you.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy --strict netvault
.venv/bin/python -m pytest -W error "$@"
