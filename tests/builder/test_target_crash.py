"""A bug inside a target is named, not shown as a traceback: one error line, the traceback in a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import targets as registry
from builder.republish import RECORD_DIR
from builder.build import CRASH_FOLDER, build_course
from builder.cli import main
from builder.load import display_path
from builder.model import Course
from builder.targets.base import Output, Target

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"


class BrokenEmit(Target):
    name = "broken"
    description = "a target whose writer has a bug"

    def emit(self, course: Course) -> Output:
        return Output({"x": {"pages": course.title}["lessons"]})  # KeyError: a bug


class BrokenCheck(BrokenEmit):
    def check(self, course: Course, sink):
        raise ValueError("check() went wrong")


@pytest.fixture
def broken(monkeypatch):
    """Register a broken target for one test only."""
    registry.available()  # discover the real targets first, so the registry is complete

    def put(cls: type[Target]) -> None:
        monkeypatch.setitem(registry._REGISTRY, cls.name, cls)
    return put


def _crashes(result) -> list:
    return [d for d in result.diagnostics if d.code == "build.target-crash"]


def test_a_crash_in_emit_names_the_target_and_saves_the_traceback(broken, tmp_path):
    broken(BrokenEmit)
    result = build_course(FIXTURES / "basic-en", ["web", "broken"], tmp_path)
    assert not result.ok and len(result.diagnostics) == 1
    [crash] = _crashes(result)
    report = tmp_path / CRASH_FOLDER / "broken.txt"
    assert crash.message.startswith("the broken target failed unexpectedly (a bug in coursepack, not in your course)")
    assert crash.message.endswith(f"; details in {display_path(report)}")
    details = report.read_text()
    assert "the broken target failed in emit()" in details
    assert "Traceback (most recent call last)" in details and "KeyError: 'lessons'" in details
    assert "Traceback" not in crash.format()


def test_a_crashed_target_leaves_every_package_as_it_was(broken, tmp_path):
    """Nothing is written when a target crashes: the last good packages stay, byte for byte."""
    good = build_course(FIXTURES / "basic-en", ["web", "json"], tmp_path)
    assert good.ok
    before = {path: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()}
    broken(BrokenEmit)
    result = build_course(FIXTURES / "basic-en", ["web", "broken", "json"], tmp_path)
    assert not result.ok and result.written == []
    assert {path: path.read_bytes() for path in tmp_path.iterdir() if path.is_file()} == before
    assert not any(".tmp" in path.name or path.name.startswith(".") and path.name not in (CRASH_FOLDER, RECORD_DIR)
                   for path in tmp_path.iterdir())  # RECORD_DIR: the last good build's snapshot (republish.py)


def test_a_crash_in_check_is_reported_beside_the_other_targets_checks(broken, tmp_path):
    broken(BrokenCheck)
    result = build_course(FIXTURES / "basic-en", ["broken", "web"], tmp_path / "dist")
    [crash] = _crashes(result)
    assert "the broken target failed unexpectedly" in crash.message
    details = (tmp_path / "dist" / CRASH_FOLDER / "broken.txt").read_text()
    assert "failed in check()" in details and "ValueError: check() went wrong" in details
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [CRASH_FOLDER]  # no package


def test_the_traceback_reaches_the_terminal_when_it_cannot_be_saved(broken, tmp_path):
    broken(BrokenCheck)
    (tmp_path / "dist").write_text("a file where the output folder should be")
    [crash] = _crashes(build_course(FIXTURES / "basic-en", ["broken"], tmp_path / "dist"))
    assert "the details could not be saved" in crash.message
    assert "ValueError: check() went wrong" in crash.message


def test_the_cli_exits_1_with_one_line_and_no_traceback(broken, tmp_path):
    broken(BrokenEmit)
    result = CliRunner().invoke(main, ["build", str(FIXTURES / "basic-en"), "-t", "broken", "--out",
                                       str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "the broken target failed unexpectedly" in result.output
    assert "[build.target-crash]" in result.output and "Traceback" not in result.output
