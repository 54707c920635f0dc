#!/usr/bin/env bash
# Set up everything coursepack needs on a fresh Debian machine: a virtual environment (.venv) with the
# builder, the XBlock and the test tools; Debian's chromium for the browser tests; the npm packages the
# test LMS uses.
# Usage: setup.sh [build|test]   (build: only what building courses needs)
#
# Idempotent and quiet: a step whose inputs have not changed since it last succeeded is skipped. The
# Python step is current when .venv/.coursepack-setup holds the hash of the files that decide what is
# installed (both pyproject.toml files, this script, the Python version) and the installed builder is
# this checkout's; the npm step when node_modules/.coursepack-setup holds the hash of package-lock.json.
# Installers' own chatter (pip's notices, setuptools' deprecation warnings about the build backend)
# goes to .venv/setup.log and is shown only if the step fails. COURSEPACK_SETUP_FORCE=1 redoes every step.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-test}"
case "$mode" in build | test) ;; *) echo "usage: setup.sh [build|test]" >&2; exit 2 ;; esac
force="${COURSEPACK_SETUP_FORCE:-0}"
log="$PWD/.venv/setup.log"

step() { printf '== %s\n' "$*" >&2; }

# Run a command with its output in $log; on failure show the end of the log and stop.
quietly() {
  if ! "$@" >>"$log" 2>&1; then
    echo "setup failed: $*" >&2
    echo "---- last lines of .venv/setup.log ----" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

python_inputs() {
  hash_of pyproject.toml xblocks/coursepack-quiz/pyproject.toml scripts/setup.sh
  python3 --version
}

# The Python step is current for `build` after a `test` setup too (test installs a superset).
python_current() {
  [ "$force" != 1 ] && [ -x .venv/bin/python ] && [ -f .venv/.coursepack-setup ] || return 1
  local want have
  want="$(python_inputs | hash_of -)"
  have="$(cat .venv/.coursepack-setup)"
  [ "$have" = "test $want" ] || [ "$have" = "$mode $want" ] || return 1
  # The editable install must be this checkout's (a copied or moved .venv points elsewhere).
  .venv/bin/python - "$PWD" <<'EOF' 2>/dev/null
import sys
from pathlib import Path
import builder
sys.exit(0 if Path(builder.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()) else 1)
EOF
}

if [ "$mode" = test ] && ! command -v chromium >/dev/null 2>&1 && [ "${COURSEPACK_SKIP_APT:-0}" != 1 ]; then
  step "installing Debian chromium and fonts (for the browser tests)"
  apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
  apt_get update -qq
  DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium fonts-noto-core >/dev/null
fi

if python_current; then
  step "Python packages: up to date (.venv)"
else
  if [ ! -x .venv/bin/python ]; then
    step "creating .venv"
    python3 -m venv .venv
  fi
  : >"$log"
  pip_install() { quietly .venv/bin/python -m pip install --disable-pip-version-check "$@"; }
  step "installing Python packages into .venv ($mode; details in $log)"
  pip_install --upgrade pip
  if [ "$mode" = test ]; then
    step "  coursepack (builder) with its test tools"
    pip_install -e ".[test]"
    if [ -f xblocks/coursepack-quiz/pyproject.toml ]; then
      step "  coursepack-quiz-xblock with the XBlock workbench"
      pip_install -e "xblocks/coursepack-quiz[test]"
    fi
  else
    step "  coursepack (builder)"
    pip_install -e .
  fi
  echo "$mode $(python_inputs | hash_of -)" >.venv/.coursepack-setup
fi

if [ "$mode" = test ] && [ -f tests/browser/package.json ]; then
  npm_stamp=tests/browser/node_modules/.coursepack-setup
  want="$(hash_of tests/browser/package-lock.json)"
  if [ "$force" != 1 ] && [ -f "$npm_stamp" ] && [ "$(cat "$npm_stamp")" = "$want" ]; then
    step "npm packages for the test LMS: up to date (tests/browser/node_modules)"
  else
    step "installing npm packages for the test LMS (tests/browser)"
    (cd tests/browser && quietly npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$npm_stamp"
  fi
fi
step "ready: $(.venv/bin/coursepack --version)"
