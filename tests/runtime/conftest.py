"""Run the runtime's JavaScript modules under node, many cases per process (fast)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

RUNNER = Path(__file__).with_name("run.js")


@pytest.fixture(scope="session")
def node():
    executable = shutil.which("node")
    if not executable:
        pytest.skip("node is not installed (Debian: apt-get install nodejs)")

    def run(op: str, cases: list) -> list:
        done = subprocess.run([executable, str(RUNNER)], input=json.dumps({"op": op, "cases": cases}),
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run
