"""One strict mode (issue 15): `check` runs every check `build` runs, target checks included, so
`check --strict` and `build --strict` agree; a warning code can be accepted in course.yml (with
its reason) or with --accept; `check --json` and `build --json` print one format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder import targets as registry
from builder.cli import JSON_FORMAT, main
from builder.targets.base import ALL_PAGE_KINDS

REPO = Path(__file__).resolve().parents[2]
QUESTION_MAPPED = "imscc.question-mapped"  # the warning the shipped courses and the scaffold accept
#: `-t` for each target that builds every page kind the scaffold shows (not all do yet).
EVERY_KIND = [arg for name, cls in registry.available().items() if cls.page_kinds >= ALL_PAGE_KINDS
              for arg in ("-t", name)]


def run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def _scaffold(tmp_path: Path) -> Path:
    course = tmp_path / "scaffold"
    CliRunner().invoke(main, ["new", str(course)], catch_exceptions=False)
    return course


def _with_mapped_questions(tmp_path: Path) -> Path:
    """A course (lessons and quizzes only) whose matching and ordering questions Common Cartridge
    asks another way, without an `accept:` for that warning."""
    course = tmp_path / "basic-en"
    shutil.copytree(REPO / "tests" / "fixtures" / "courses" / "basic-en", course)
    assert "accept:" not in (course / "course.yml").read_text(encoding="utf-8")
    return course


def _agree(course: Path, out: Path, *extra: str) -> tuple[int, list[dict]]:
    """check --strict and build --strict on `course`: the same exit status and diagnostics."""
    checked = run("check", str(course), "--strict", *extra)
    built = run("build", str(course), "--strict", "--out", str(out), *extra)
    assert checked[0] == built[0]
    assert checked[1]["diagnostics"] == built[1]["diagnostics"]
    return checked[0], checked[1]["diagnostics"]


@pytest.mark.parametrize("name", ["untoc-intro", "untoc-intermediate"])
def test_check_strict_and_build_strict_agree_on_the_shipped_courses(name, tmp_path):
    assert _agree(REPO / "courses" / name, tmp_path) == (0, [])


def test_check_strict_and_build_strict_agree_on_the_scaffold(tmp_path):
    course = _scaffold(tmp_path)
    _agree(course, tmp_path / "all")  # every target: some do not build scenarios and reflections yet
    assert _agree(course, tmp_path / "dist", *EVERY_KIND) == (0, [])


def test_a_target_warning_fails_check_strict_as_it_fails_build_strict(tmp_path):
    """Warnings only the imscc target's check finds."""
    status, found = _agree(_with_mapped_questions(tmp_path), tmp_path / "dist")
    assert status == 1 and found and {d["code"] for d in found} == {QUESTION_MAPPED}
    assert all(d["severity"] == "error" for d in found)
    assert not list((tmp_path / "dist").glob("*.zip"))  # build --strict wrote nothing


def test_without_strict_check_reports_the_target_warnings_build_reports(tmp_path):
    course = _with_mapped_questions(tmp_path)
    checked = run("check", str(course))
    built = run("build", str(course), "-t", "imscc", "--out", str(tmp_path / "dist"))
    assert checked[0] == built[0] == 0
    assert checked[1]["diagnostics"] == built[1]["diagnostics"] != []
    assert checked[1]["warnings"] == len(checked[1]["diagnostics"])


def test_accept_on_the_command_line_means_what_accept_in_course_yml_means(tmp_path):
    course = _with_mapped_questions(tmp_path)
    assert _agree(course, tmp_path / "dist", "--accept", QUESTION_MAPPED) == (0, [])


def test_check_only_the_targets_asked_for(tmp_path):
    course = _with_mapped_questions(tmp_path)
    assert run("check", str(course), "--strict", "-t", "web", "-t", "scorm12")[0] == 0


def test_an_accepted_warning_needs_its_reason(tmp_path):
    course = _scaffold(tmp_path)
    config = course / "course.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("    reason:")], encoding="utf-8")
    status, document = run("check", str(course))
    assert status == 1
    assert [(d["code"], d["message"]) for d in document["diagnostics"]] == [
        ("schema.missing", "'accept.0.reason' is required")]


def test_check_json_and_build_json_share_one_format(tmp_path):
    course = _scaffold(tmp_path)
    _, checked = run("check", str(course))
    _, built = run("build", str(course), "-t", "json", "--out", str(tmp_path / "dist"))
    assert set(checked) == set(built) == {"format", "command", "ok", "errors", "warnings", "diagnostics", "packages"}
    assert (checked["format"], checked["command"], checked["packages"]) == (JSON_FORMAT, "check", [])
    assert built["command"] == "build" and built["ok"] is True
    assert [(p["course"], p["target"], Path(p["path"]).name) for p in built["packages"]] == [
        ("scaffold", "json", "scaffold-en-json.json")]


def test_quiet_prints_only_the_diagnostics_and_verbose_says_what_was_checked(tmp_path):
    course = _with_mapped_questions(tmp_path)
    quiet = CliRunner().invoke(main, ["check", str(course), "-q", "-t", "imscc"], catch_exceptions=False)
    lines = quiet.stderr.splitlines()
    assert lines and all(QUESTION_MAPPED in line or line.startswith("    hint:") for line in lines)
    verbose = CliRunner().invoke(main, ["check", str(_scaffold(tmp_path / "v")), "-v"], catch_exceptions=False)
    assert "checked for web, scorm12" in verbose.stderr
    assert f"accepted {QUESTION_MAPPED}: Common Cartridge" in verbose.stderr
