#!/usr/bin/env bash
# Set up (see setup.sh) and run the whole test suite. Extra arguments go to pytest,
# e.g. `scripts/test.sh -m "not browser"` for the fast suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/coursepack schema --check
.venv/bin/ruff check builder xblocks tests benchmarks
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
