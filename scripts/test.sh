#!/usr/bin/env bash
# Set up (see setup.sh: skips what is installed and current) and run every check CI runs: the schema
# files, the linter and the whole test suite. Extra arguments go to pytest,
# e.g. `scripts/test.sh -m "not browser and not workbench"` for the fast suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
echo "== schemas/ matches the models (coursepack schema --check)" >&2
.venv/bin/coursepack schema --check
echo "== lint (ruff)" >&2
.venv/bin/ruff check builder xblocks tests benchmarks
echo "== tests (pytest $*)" >&2
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
