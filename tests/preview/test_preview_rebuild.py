"""Incremental rebuilds: the page path gives exactly what a full check gives, falls back to a
full check when a change reaches beyond one page, and turns content errors into diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import check_course
from builder.model import RenderCache
from builder.preview.rebuild import Rebuilder
from sources import edit

LESSON = Path("01-welcome/01-first-lesson.md")
QUIZ = Path("02-practice/02-quiz.md")


def assert_same_as_full_check(course: Path, snapshot) -> None:
    full = check_course(course, cache=RenderCache())
    assert snapshot.diagnostics == tuple(full.diagnostics)
    assert snapshot.course == full.course


@pytest.mark.parametrize("path, old, new", [
    (LESSON, "This paragraph is the start", "This edited paragraph is the start"),
    (LESSON, "## Text, lists and tables", "#### Skipped levels"),               # a new warning
    (QUIZ, "- ( ) glossary.yml {#c}", "- ( ) glossary.yml {#c}\n- ( ) media/ {#d}"),
    (QUIZ, "pass_mark: 80", "pass_mark: 60"),
    (QUIZ, "show_answers: after-last-attempt", "show_answers: after-last-attempt\nweight: 2"),  # course-wide rules
])
def test_page_path_matches_a_full_check(course_copy, path, old, new):
    course = course_copy()
    rebuilder = Rebuilder(course)
    assert rebuilder.full().ok
    edit(course / path, old, new)
    snapshot = rebuilder.changed({course / path})
    assert snapshot.how == "page"
    assert_same_as_full_check(course, snapshot)


@pytest.mark.parametrize("change", ["new file", "id change", "module.yml"])
def test_changes_beyond_one_page_take_a_full_check(course_copy, change):
    course = course_copy()
    rebuilder = Rebuilder(course)
    rebuilder.full()
    if change == "new file":
        path = course / "01-welcome" / "02-extra.md"
        path.write_text("---\ntitle: Extra\n---\n\nMore text.\n", encoding="utf-8")
    elif change == "id change":
        path = course / LESSON
        edit(path, "id: first-lesson", "id: renamed-lesson")
    else:
        path = course / "01-welcome" / "module.yml"
        path.write_text(path.read_text(encoding="utf-8") + "description: Changed.\n", encoding="utf-8")
    snapshot = rebuilder.changed({path})
    assert snapshot.how == "full"
    assert_same_as_full_check(course, snapshot)


def test_a_broken_edit_keeps_the_last_good_course_and_a_fix_clears_the_errors(course_copy):
    course = course_copy()
    rebuilder = Rebuilder(course)
    good = rebuilder.full()
    edit(course / QUIZ, "- (x) course.yml {#b}", "- ( ) course.yml {#b}")  # no correct answer left
    broken = rebuilder.changed({course / QUIZ})
    assert not broken.ok
    errors = [d for d in broken.diagnostics if d.is_error]
    assert errors and all(d.path.endswith("02-quiz.md") and d.line > 0 for d in errors)
    assert broken.course == good.course  # the page keeps showing the last good build
    edit(course / QUIZ, "- ( ) course.yml {#b}", "- (x) course.yml {#b}")
    fixed = rebuilder.changed({course / QUIZ})
    assert fixed.ok and fixed.version > broken.version
    assert_same_as_full_check(course, fixed)


def test_only_the_changed_page_is_rendered_again(course_copy):
    course = course_copy()
    rebuilder = Rebuilder(course)
    before = rebuilder.full().course
    edit(course / LESSON, "This paragraph is the start", "This edited paragraph is the start")
    after = rebuilder.changed({course / LESSON}).course
    unchanged = [(a, b) for a, b in zip(before.pages(), after.pages()) if a.id != "first-lesson"]
    assert unchanged and all(a is b for a, b in unchanged)  # the same objects, from the render cache
    assert after.page("first-lesson").html != before.page("first-lesson").html
