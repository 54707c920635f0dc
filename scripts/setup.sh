#!/usr/bin/env bash
# Set up everything coursepack needs on a fresh Debian machine (idempotent):
# a virtual environment with the builder, the XBlock and test tools; Debian's chromium
# for the browser tests; the npm packages the test LMS uses.
# Usage: setup.sh [build|test]   (build: only what building courses needs)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
# pip warns about an unreachable local index on some machines; hide that noise, keep failures.
pip_install() { .venv/bin/python -m pip install -q --disable-pip-version-check "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }; }

if [ "$mode" = test ] && ! command -v chromium >/dev/null 2>&1 && [ "${COURSEPACK_SKIP_APT:-0}" != 1 ]; then
  echo "== installing Debian chromium and fonts"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get update -qq
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium fonts-noto-core >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  python3 -m venv .venv
fi
echo "== installing Python packages"
pip_install --upgrade pip
if [ "$mode" = test ]; then
  pip_install -e ".[test]"
  [ ! -f xblocks/coursepack-quiz/pyproject.toml ] || pip_install -e "xblocks/coursepack-quiz[test]"
else
  pip_install -e .
fi

if [ "$mode" = test ] && [ -f tests/browser/package.json ]; then
  echo "== installing npm packages for the test LMS"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
.venv/bin/coursepack --version
