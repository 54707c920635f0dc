#!/usr/bin/env bash
# Set up and build every course in courses/ into every available target in dist/.
# Targets (`coursepack targets`): web, scorm12, scorm2004, imscc, qti21, gift, moodlexml, olx, review, json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build >/dev/null
exec .venv/bin/coursepack build courses --out dist "$@"
