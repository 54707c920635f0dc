"""A parallel build (`jobs` > 1, targets in forked processes) writes the same bytes as a serial one,
and keeps the pipeline's promises: a crashed target leaves nothing written (issue 17, item 3)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from builder import targets as registry
from builder.build import build_course
from builder.package import TEMP_PREFIX

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


def digests(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("course", ["basic-en", "basic-ar"])
def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path, course):
    serial = build_course(FIXTURES / course, None, tmp_path / "serial", jobs=1)
    parallel = build_course(FIXTURES / course, None, tmp_path / "parallel", jobs=2)
    assert serial.ok and parallel.ok, [d.format() for d in serial.diagnostics + parallel.diagnostics]
    assert [w.target for w in parallel.written] == [w.target for w in serial.written] == list(registry.available())
    assert [w.summary for w in parallel.written] == [w.summary for w in serial.written]
    written = digests(tmp_path / "serial")
    assert len(written) > 20 and digests(tmp_path / "parallel") == written


def test_a_target_crashing_in_a_worker_leaves_nothing_written(tmp_path, monkeypatch):
    def broken(self, course):
        raise RuntimeError("boom")

    monkeypatch.setattr(registry.available()["gift"], "emit", broken)  # inherited by the forked workers
    out = tmp_path / "dist"
    result = build_course(FIXTURES / "basic-en", ["web", "gift", "json"], out, jobs=2)
    assert [d.code for d in result.diagnostics if d.is_error] == ["build.target-crash"]
    assert "the gift target failed" in result.diagnostics[-1].message and result.written == []
    assert sorted(p.name for p in out.iterdir()) == [".coursepack-errors"]
    assert "RuntimeError: boom" in (out / ".coursepack-errors" / "gift.txt").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_the_cli_takes_jobs_and_refuses_fewer_than_one(tmp_path):
    from click.testing import CliRunner

    from builder.cli import main

    refused = CliRunner().invoke(main, ["build", str(FIXTURES / "basic-en"), "--jobs", "0", "--out", str(tmp_path)])
    assert refused.exit_code == 2 and "--jobs" in refused.output
    built = CliRunner().invoke(main, ["build", str(FIXTURES / "basic-en"), "-t", "json", "-j", "1",
                                      "--out", str(tmp_path)])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "basic-en-en-json.json").is_file()


def test_a_worker_that_dies_is_one_crash_and_leaves_nothing_written(tmp_path, monkeypatch):
    import os

    def killed(self, course):
        os._exit(9)  # as the kernel's out-of-memory killer would end it: no exception, no traceback

    monkeypatch.setattr(registry.available()["gift"], "emit", killed)
    out = tmp_path / "dist"
    result = build_course(FIXTURES / "basic-en", ["gift", "json"], out, jobs=2)
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["build.target-crash"] and result.written == []
    assert "terminated abruptly" in next((out / ".coursepack-errors").iterdir()).read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [".coursepack-errors"]
