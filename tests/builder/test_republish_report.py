"""The admin report of a rebuilt package says whether replacing the earlier version in place is
safe, per LMS family, compared with --previous or with the last build recorded in the output folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from builder.build import build_course

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
QUIZ = "02-practice/02-quiz.md"


def report(out: Path, target: str) -> dict:
    return json.loads((out / f"basic-en-en-{target}.report.json").read_text("utf-8"))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_a_compatible_rebuild_is_safe_to_replace_in_place_per_lms_family(tmp_path):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    out = tmp_path / "dist"
    assert build_course(course, ["scorm12", "web"], out).ok
    assert "republish" not in report(out, "scorm12")  # a first build replaces nothing
    replace_in(course / QUIZ, "Which file describes the whole course?", "Which file describes the course?")
    assert build_course(course, ["scorm12", "web"], out).ok  # compared with the build recorded in out
    verdict = report(out, "scorm12")["republish"]
    assert verdict["verdict"] == "cosmetic"
    assert verdict["headline"].startswith("Safe to replace the package in place")
    assert [s.split(":")[0] for s in verdict["steps"]] == ["Moodle", "Open edX (SCORM XBlock)",
                                                          "SCORM Cloud-style engines (Rustici)"]
    html = (out / "basic-en-en-scorm12.report.html").read_text("utf-8")
    assert "Replacing an earlier version" in html and "Safe to replace the package in place" in html
    assert report(out, "web")["republish"]["headline"].startswith("Safe to replace")


def test_a_breaking_rebuild_says_what_to_do_instead_and_names_the_edit(tmp_path):
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    old = build_course(course, ["scorm2004"], tmp_path / "v1").written[0].path
    replace_in(course / QUIZ, "pass_mark: 80", "pass_mark: 60")
    assert build_course(course, ["scorm2004"], tmp_path / "v2", previous=old).ok
    verdict = report(tmp_path / "v2", "scorm2004")["republish"]
    assert verdict["verdict"] == "breaking" and verdict["headline"].startswith("Not safe to replace in place")
    assert any(s.startswith("Moodle: either replace the package in place") for s in verdict["steps"])
    assert any(f"{QUIZ}:" in c and "quiz.pass-mark" in c for c in verdict["changes"])


def test_an_unreadable_previous_version_is_an_error_not_a_silent_skip(tmp_path):
    junk = tmp_path / "old.zip"
    junk.write_bytes(b"not a zip")
    result = build_course(COURSES / "basic-en", ["web"], tmp_path / "out", previous=junk)
    assert not result.ok and [d.code for d in result.diagnostics if d.is_error] == ["build.previous-unreadable"]
