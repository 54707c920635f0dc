"""Target settings: course.yml's `targets:` and `coursepack build --set`, checked with file and
line (course.yml) or as a usage error (--set), listed by `coursepack targets`, and reaching the
targets they configure."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from builder import targets as registry
from builder import target_settings
from builder.build import build_course, check_course
from builder import cli
from builder.cli import main

COURSES = Path(__file__).resolve().parents[1] / "fixtures" / "courses"
SHEET = "| ID | Fact | Source |\n|---|---|---|\n| A-01 | A **checked** statement. | [S1] |\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def course_with(tmp_path: Path, targets_yaml: str) -> Path:
    """basic-en with `targets_yaml` appended to its course.yml."""
    course = tmp_path / "basic-en"
    shutil.copytree(COURSES / "basic-en", course)
    config = course / "course.yml"
    config.write_text(config.read_text(encoding="utf-8") + targets_yaml, encoding="utf-8")
    return course


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


def names(archive: Path) -> list[str]:
    with zipfile.ZipFile(archive) as package:
        return package.namelist()


# --- course.yml --------------------------------------------------------------------------------


def test_question_bank_switched_on_from_course_yml(tmp_path):
    course = course_with(tmp_path, "targets:\n  imscc:\n    question_bank: true\n")
    result = build_course(course, ["imscc"], tmp_path / "out")
    assert result.ok, [d.format() for d in result.diagnostics]
    assert "question_bank/question_bank.xml" in names(result.written[0].path)
    plain = build_course(COURSES / "basic-en", ["imscc"], tmp_path / "plain")
    assert "question_bank/question_bank.xml" not in names(plain.written[0].path)  # off by default


def test_build_review_takes_the_fact_sheet_named_in_course_yml(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "FACTS.md").write_text(SHEET, encoding="utf-8")
    course = course_with(tmp_path, "targets:\n  review:\n    facts: ../shared/FACTS.md\n")
    lesson = course / "01-welcome" / "01-first-lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("facts: []", "facts: [A-01, Z-99]"), encoding="utf-8")
    result = run("build", str(course), "-t", "review", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    # The sheet's IDs are checked: Z-99 is not in it.
    assert "01-first-lesson.md" in result.output and "review.unknown-fact" in result.output and "Z-99" in result.output
    with zipfile.ZipFile(tmp_path / "out" / "basic-en-en-review.zip") as package:
        page = package.read("pages/first-lesson.html").decode()
    assert "A <strong>checked</strong> statement." in page and "[S1]" in page


@pytest.mark.parametrize("targets_yaml, needle, code, words", [
    ("targets:\n  reveiw:\n    facts: x.md\n", "reveiw:", "targets.unknown", "did you mean 'review'"),
    ("targets:\n  imscc:\n    question_bnak: true\n", "question_bnak", "targets.unknown-setting",
     "did you mean 'question_bank'"),
    ("targets:\n  gift:\n    media: true\n", "media: true", "targets.unknown-setting", "it has no settings"),
    ("targets:\n  imscc:\n    question_bank: maybe\n", "question_bank", "schema.bool_parsing", "question_bank"),
    ("targets:\n  review:\n    facts: ../nowhere.md\n", "facts:", "targets.bad-file", "no file"),
    ("targets:\n  imscc: true\n", "imscc:", "schema.dict_type", "targets.imscc"),
])
def test_course_yml_settings_are_checked_at_their_line(tmp_path, targets_yaml, needle, code, words):
    course = course_with(tmp_path, targets_yaml)
    checked = check_course(course)
    assert not checked.ok
    [problem] = [d for d in checked.diagnostics if d.is_error]
    assert (Path(problem.path).name, problem.line, problem.code) == (
        "course.yml", line_of(course / "course.yml", needle), code)
    assert words in problem.message
    result = run("check", str(course))
    assert result.exit_code == 1 and f"course.yml:{problem.line}:" in result.output


def test_a_non_utf8_fact_sheet_is_a_located_error(tmp_path):
    (tmp_path / "FACTS.md").write_bytes("| A-01 | caf\xe9 | [S1] |\n".encode("latin-1"))
    course = course_with(tmp_path, "targets:\n  review:\n    facts: ../FACTS.md\n")
    [problem] = check_course(course).diagnostics
    assert problem.code == "targets.bad-file" and "not UTF-8" in problem.message
    assert problem.line == line_of(course / "course.yml", "facts:")


def test_settings_reach_the_targets_built(tmp_path):
    (tmp_path / "FACTS.md").write_text(SHEET, encoding="utf-8")
    course = course_with(tmp_path, "targets:\n  imscc: {question_bank: true}\n  review: {facts: ../FACTS.md}\n")
    checked = check_course(course)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    assert checked.settings["imscc"].question_bank is True
    assert checked.settings["review"].facts == course / "../FACTS.md"
    assert checked.settings["scorm12"] == registry.available()["scorm12"].Settings()  # untouched: defaults


# --- the command line ----------------------------------------------------------------------------


def test_set_overrides_course_yml(tmp_path):
    course = course_with(tmp_path, "targets:\n  imscc:\n    question_bank: true\n")
    result = run("build", str(course), "-t", "imscc", "--set", "imscc.question_bank=false", "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert "question_bank/question_bank.xml" not in names(tmp_path / "o" / "basic-en-en-imscc.imscc")
    result = run("build", str(COURSES / "basic-en"), "-t", "imscc", "--set", "imscc.question_bank=yes",
                 "--out", str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    assert "question_bank/question_bank.xml" in names(tmp_path / "p" / "basic-en-en-imscc.imscc")


def test_set_parses_types_and_paths(tmp_path):
    (tmp_path / "FACTS.md").write_text(SHEET, encoding="utf-8")
    overrides = target_settings.parse_set(["imscc.question_bank=true", "review.facts=FACTS.md",
                                           "imscc.question_bank=0"], cwd=tmp_path)
    assert overrides == {"imscc": {"question_bank": False}, "review": {"facts": tmp_path / "FACTS.md"}}  # last wins


@pytest.mark.parametrize("value, words", [
    ("imscc.question_bank", "is not TARGET.SETTING=VALUE"),
    ("imscc=true", "is not TARGET.SETTING=VALUE"),
    ("imcc.question_bank=true", "unknown target 'imcc'; did you mean 'imscc'?"),
    ("imscc.questionbank=true", "did you mean 'question_bank'?"),
    ("gift.x=1", "has no setting 'x' (it has no settings)"),
    ("imscc.question_bank=maybe", "valid boolean"),
    ("review.facts=nowhere.md", "no file"),
])
def test_bad_set_is_a_usage_error(tmp_path, value, words):
    with pytest.raises(target_settings.SetError, match=words.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        target_settings.parse_set([value], cwd=tmp_path)
    result = run("build", str(COURSES / "basic-en"), "--set", value, "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "--set" in result.output and words.split("'")[0] in result.output
    assert not (tmp_path / "o").exists()  # refused before anything was built


# --- the listing ---------------------------------------------------------------------------------


def test_targets_lists_each_setting_with_type_default_and_description(monkeypatch):
    monkeypatch.setattr(cli, "out", Console(width=400, highlight=False, emoji=False))  # one line per target
    result = run("targets")
    assert result.exit_code == 0
    lines = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") > 3}
    assert "question_bank (true/false, default false): add a question bank" in lines["imscc"]
    assert "facts (path | none, default none): fact sheet" in lines["review"]
    assert lines["gift"].rstrip(" │").endswith("none")


def test_every_setting_has_a_default_and_a_description():
    """`coursepack targets` and `--set` rely on it: a setting can always be left out."""
    for name, target in registry.available().items():
        for setting, info in target.Settings.model_fields.items():
            assert not info.is_required() and info.description, f"{name}.{setting}"
        assert target().settings == target.Settings()
