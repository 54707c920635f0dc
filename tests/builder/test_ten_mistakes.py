"""Diagnostics an author can trust: ten ordinary mistakes at once in a copy of a real course give
exactly ten diagnostics, each at its file and line (issue 15).

A front-matter error does not hide the rest of its file, and what depends on a broken file
(links to it or to its glossary terms, the completion rule, the count of lessons) is judged on
what could be read, so no consequence is reported as a problem of its own; a misspelt required
key is one mistake, not "unknown key" plus "required".
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from builder.build import check_course

COURSE = Path(__file__).resolve().parents[2] / "courses" / "untoc-intro"


def _edit(course: Path, name: str, old: str, new: str) -> None:
    path = course / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(course: Path, name: str, text: str) -> None:
    path = course / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _line_of(course: Path, name: str, text: str) -> int:
    lines = (course / name).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


DRAFTING = "01-origins/02-drafting-and-adoption.md"
ENTRY = "01-origins/03-entry-into-force-and-parties.md"
TODAY = "01-origins/04-untoc-today.md"
DEFINITIONS = "02-inside-the-convention/01-key-definitions.md"
MODULE_2 = "02-inside-the-convention/module.yml"
FINAL = "06-wrap-up/01-final-assessment.md"


def _inject(course: Path) -> list[tuple[str, int, str, str]]:
    """The ten mistakes; each with the diagnostic it must give: (file, line, severity, code)."""
    _edit(course, DRAFTING, "\nobjectives:", "\nobjectivs:")  # 1. a lesson's front-matter key typo
    _append(course, DRAFTING, "\n![](../media/timeline-1998-2030.svg)\n")  # 2. in the same file, no alt text
    _edit(course, ENTRY, "title: Entry into force and", "title: Entry into force: and")  # 3. not YAML (the colon)
    _append(course, ENTRY, "\n# A second title\n\nText.\n")  # 4. in the same file, a level-1 heading
    _edit(course, MODULE_2, "title:", "titel:")  # 5. a module.yml typo in a required key
    _edit(course, FINAL, "weight: 1", "wieght: 1")  # 6. the only graded quiz's key typo
    _edit(course, FINAL, "- (x) True {#true}", "- ( ) True {#true}")  # 7. in the same quiz, no right answer
    # Links to the files with broken front matter and in the broken module are right, and one is not:
    _append(course, TODAY, "\nSee [the drafting](02-drafting-and-adoption.md), [entry into force]"
                           "(03-entry-into-force-and-parties.md), [definitions](../02-inside-the-convention/"
                           "01-key-definitions.md) and [the annex](99-annex.md).\n")  # 8. a link to no lesson
    _append(course, DEFINITIONS, "\n![A chart](../media/no-such-chart.svg)\n")  # 9. an image that is not there
    _edit(course, "glossary.yml", "  definition:", "  defintion:")  # 10. a glossary typo, the first term's
    return [
        (DRAFTING, _line_of(course, DRAFTING, "objectivs:"), "error", "schema.extra_forbidden"),
        (DRAFTING, _line_of(course, DRAFTING, "![](../media/timeline"), "error", "image.alt"),
        (ENTRY, _line_of(course, ENTRY, "title: Entry into force:"), "error", "yaml.syntax"),
        (ENTRY, _line_of(course, ENTRY, "# A second title"), "warning", "heading.h1"),
        (MODULE_2, _line_of(course, MODULE_2, "titel:"), "error", "schema.extra_forbidden"),
        (FINAL, _line_of(course, FINAL, "wieght:"), "error", "schema.extra_forbidden"),
        (FINAL, _line_of(course, FINAL, "{#fa-q-entry-into-force"), "error", "quiz.true-false-answer"),
        (TODAY, _line_of(course, TODAY, "99-annex.md"), "error", "link.lesson"),
        (DEFINITIONS, _line_of(course, DEFINITIONS, "no-such-chart.svg"), "error", "media.missing"),
        ("glossary.yml", _line_of(course, "glossary.yml", "defintion:"), "error", "schema.extra_forbidden"),
    ]


def test_ten_mistakes_give_exactly_ten_diagnostics_each_at_its_line(tmp_path):
    course = tmp_path / "untoc-intro"
    shutil.copytree(COURSE, course)
    expected = _inject(course)
    checked = check_course(course)
    found = [(Path(os.path.relpath(Path(d.path).resolve(), course.resolve())).as_posix(), d.line,
              d.severity.value, d.code) for d in checked.diagnostics]
    assert sorted(found) == sorted(expected)
    assert checked.course is None  # and nothing is built from what was read around the errors


def test_a_course_whose_every_module_yml_is_wrong_still_has_its_lessons_and_quizzes(tmp_path):
    """No "the course has no lessons", no "completion needs a graded quiz": one error per module.yml."""
    course = tmp_path / "course"
    shutil.copytree(COURSE.parents[1] / "tests" / "fixtures" / "courses" / "basic-en", course)
    modules = sorted(path.relative_to(course).as_posix() for path in course.glob("*/module.yml"))
    for module in modules:
        _edit(course, module, "title:", "titel:")
    found = [(Path(d.path).name, d.line, d.code) for d in check_course(course).diagnostics]
    assert len(modules) == 2
    assert found == [("module.yml", _line_of(course, module, "titel:"), "schema.extra_forbidden") for module in modules]


def test_the_untouched_course_is_clean():
    """The ten diagnostics above are the mistakes', not the course's own."""
    assert check_course(COURSE).diagnostics == []
