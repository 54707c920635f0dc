#!/usr/bin/env bash
# Set up what building needs (see setup.sh: skips what is installed and current), then build every
# course in courses/ into every available target in dist/. Extra arguments go to `coursepack build`.
# Targets (`coursepack targets`): web, scorm12, scorm2004, imscc, qti21, gift, moodlexml, olx, review, json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
echo "== building courses/* into dist/" >&2
exec .venv/bin/coursepack build courses --out dist "$@"
