"""Build twice, in different working directories, time zones and hash seeds: identical bytes.

Runs every registered target, so each new target is covered as soon as it registers.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def _build(course: Path, out: Path, cwd: Path, tz: str, seed: str) -> dict[str, str]:
    env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-m", "builder.cli", "build", str(course), "--out", str(out)],
                   cwd=cwd, env=env, check=True, capture_output=True)
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_building_twice_gives_identical_bytes(tmp_path):
    for name in ("basic-en", "basic-ar"):
        course = FIXTURES / name
        (tmp_path / "a").mkdir(exist_ok=True)
        (tmp_path / "b").mkdir(exist_ok=True)
        first = _build(course, tmp_path / f"{name}-1", tmp_path / "a", "UTC", "1")
        second = _build(course, tmp_path / f"{name}-2", tmp_path / "b", "Asia/Tokyo", "4242")
        assert first, "the build wrote nothing"
        assert first == second
