"""The command line: exit codes, scaffolding, schemas and ID write-back."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from builder import targets as registry
from builder.cli import main
from builder.targets.base import ALL_PAGE_KINDS
from builder.schema_export import render_schemas

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_new_then_check_is_clean_even_strict(tmp_path):
    """For every target that builds each page kind the scaffold shows: not every target plays
    scenarios and reflections yet, and `check` says so for those, as `build` does."""
    assert run("new", str(tmp_path / "demo")).exit_code == 0
    every_kind = [arg for name, cls in registry.available().items() if cls.page_kinds >= ALL_PAGE_KINDS
                  for arg in ("-t", name)]
    result = run("check", str(tmp_path / "demo"), "--strict", *every_kind)
    assert result.exit_code == 0, result.output


def test_new_shows_a_scenario_and_a_reflection(tmp_path):
    from builder.build import check_course

    assert run("new", str(tmp_path / "demo")).exit_code == 0
    checked = check_course(tmp_path / "demo", strict=True)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert [p.kind for p in checked.course.pages()] == ["lesson", "lesson", "scenario", "reflection", "quiz"]
    scenario = next(checked.course.scenarios())
    assert len([n for n in scenario.nodes if n.ending]) == 2 and len(scenario.nodes) == 4
    reflection = next(checked.course.reflections())
    assert reflection.questions_html and reflection.model_answer_html and reflection.downloads


def test_new_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    result = run("new", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_check_exit_codes():
    assert run("check", str(FIXTURES / "courses" / "basic-en")).exit_code == 0
    broken = run("check", str(FIXTURES / "broken" / "links"))
    assert broken.exit_code == 1
    assert "[media.missing]" in broken.output
    assert run("check", str(FIXTURES / "does-not-exist")).exit_code == 2
    assert run("check").exit_code == 2


def test_build_rejects_unknown_target_as_usage_error(tmp_path):
    result = run("build", str(FIXTURES / "courses" / "basic-en"), "--target", "nope", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "unknown target nope" in result.output


def test_build_a_folder_of_courses(tmp_path):
    result = run("build", str(FIXTURES / "courses"), "--target", "json", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    languages = [f"translated-{lang}-json.json" for lang in ("ar", "en", "es", "fr", "pt")]  # one per translation
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(["activities-ar-ar-json.json", "activities-en-en-json.json",
                                                               "basic-ar-ar-json.json", "basic-en-en-json.json",
                                                               "media-en-en-json.json",
                                                               *languages, "translated-activities-en-json.json",
                                                               "translated-activities-fr-json.json"])


def test_targets_lists_json():
    result = run("targets")
    assert result.exit_code == 0 and "json" in result.output


def test_committed_schemas_match_the_models():
    for name, text in render_schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run `coursepack schema` ({name})"


def test_schema_check_detects_drift(tmp_path):
    assert run("schema", "--out", str(tmp_path)).exit_code == 0
    assert run("schema", "--check", "--out", str(tmp_path)).exit_code == 0
    (tmp_path / "course.schema.json").write_text("{}")
    assert run("schema", "--check", "--out", str(tmp_path)).exit_code == 1


def test_ids_shows_then_writes_missing_ids(tmp_path):
    course = Path(shutil.copytree(FIXTURES / "courses" / "basic-en", tmp_path / "c"))
    quiz = course / "02-practice" / "02-quiz.md"
    original = quiz.read_text(encoding="utf-8").replace(" {#q-alt}", "")
    quiz.write_text(original, encoding="utf-8")
    warned = run("check", str(course))
    assert warned.exit_code == 0 and "[id.missing]" in warned.output
    # The fixture's Common Cartridge warnings are accepted: only the missing IDs are under test.
    assert run("check", str(course), "--strict", "--accept", "imscc.question-mapped").exit_code == 1
    shown = run("ids", str(course))
    assert "02-quiz.md" in shown.output
    assert quiz.read_text(encoding="utf-8") == original  # showing never writes
    run("ids", str(course), "--write")
    assert run("check", str(course), "--strict", "--accept", "imscc.question-mapped").exit_code == 0


def test_diagnostics_on_line_100_keep_their_line_number(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "courses" / "basic-en", course)
    lesson = course / "01-welcome" / "01-first-lesson.md"
    lines = lesson.read_text("utf-8").splitlines()
    lesson.write_text("\n".join(lines + [""] * (99 - len(lines)) + ["# A level-1 heading"]) + "\n", "utf-8")
    result = run("check", str(course))
    assert "01-first-lesson.md:100: warning: level-1 heading in a lesson [heading.h1]" in result.output
