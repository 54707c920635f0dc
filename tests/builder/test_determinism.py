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


def test_scenarios_and_reflections_build_identically_twice(tmp_path):
    """activities-en with every target that builds scenarios and reflections (all of them once the
    learner runtime plays them)."""
    from builder.model import PAGE_KINDS
    from builder.targets import available

    ready = [name for name, cls in available().items() if set(PAGE_KINDS) <= cls.page_kinds]
    assert {"json", "review", "qti21", "gift", "moodlexml"} <= set(ready)
    course = FIXTURES / "activities-en"
    outputs = []
    for label, tz, seed in (("a", "UTC", "1"), ("b", "Asia/Tokyo", "4242")):
        env = {**os.environ, "TZ": tz, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        out, cwd = tmp_path / f"out-{label}", tmp_path / label
        cwd.mkdir()
        subprocess.run([sys.executable, "-m", "builder.cli", "build", str(course), "--out", str(out),
                        *(f"--target={name}" for name in ready)], cwd=cwd, env=env, check=True, capture_output=True)
        outputs.append({str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*")) if p.is_file()})
    assert len(outputs[0]) >= len(ready) and outputs[0] == outputs[1]
