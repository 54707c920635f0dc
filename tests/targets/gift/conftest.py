"""Parse GIFT with gift-pegjs (npm, installed by `npm ci` in tests/browser) under node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PARSER = HERE / "parse.js"
PACKAGE = HERE.parents[1] / "browser" / "node_modules" / "gift-pegjs"


@pytest.fixture(scope="session")
def parse_gift():
    """parse_gift([text, ...]) → one result per text: {"questions": [...]} or {"error": ..., "line": n}."""
    executable = shutil.which("node")
    if not executable:
        pytest.skip("node is not installed (Debian: apt-get install nodejs)")
    if not PACKAGE.is_dir():
        pytest.skip("gift-pegjs is missing: run `npm ci` in tests/browser (scripts/setup.sh does)")

    def parse(texts: list[str]) -> list[dict]:
        done = subprocess.run([executable, str(PARSER)], input=json.dumps(texts), capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return parse
