"""The preview's page path is proven equal to the full check, over every fixture course.

`coursepack serve` answers a one-page edit by re-validating that page alone (`patch_pages`),
because a full check of a 1,000-lesson course costs about a second (benchmarks/bench_preview.py).
The page path must therefore give exactly what a full check gives: the same diagnostics, the same
verdict and the same course. Here every page of every fixture course, clean
(tests/fixtures/courses) and broken (tests/fixtures/broken), goes through a series of edits and
back, in one live preview session, and each rebuild is compared with a fresh full check.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest

from builder.build import check_course
from builder.model import RenderCache
from builder.preview.rebuild import Rebuilder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURSES = sorted([*(FIXTURES / "courses").iterdir(), *(FIXTURES / "broken").iterdir()])

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_STUB_QUIZ = "\n## A stub question {#q-stub}\n\n- (x) Yes {#a}\n- ( ) No {#b}\n"
_STUB_SCENARIO = ("\n## A stub step {#stub-start}\n- Yes {#stub-yes} -> stub-end\n  Fine.\n- No {#stub-no} -> stub-end\n"
                  "  Fine too.\n## The end {#stub-end .ending score=100}\n")
_STUB_REFLECTION = "\nA stub prompt.\n\n## An answer {.model-answer}\nA stub answer.\n"
_STUBS = {"type: quiz": _STUB_QUIZ, "type: scenario": _STUB_SCENARIO, "type: reflection": _STUB_REFLECTION}


def _front_matter(text: str) -> str:
    found = _FRONT_MATTER.match(text)
    return found.group(0) if found else ""


def _stub(text: str) -> str:
    """The page with its front matter and a minimal valid body: turns a broken page into a good one."""
    head = _front_matter(text)
    return head + next((stub for kind, stub in _STUBS.items() if kind in head), "\nA stub paragraph.\n")


#: Edits of one page file, each undone afterwards: text, links, headings, errors, front matter.
EDITS: dict[str, Callable[[str], str]] = {
    "add a paragraph": lambda text: text + "\n\nAn added paragraph with [a link](https://example.org).\n",
    "add a broken link": lambda text: text + "\n\nSee [nowhere](lesson:no-such-page).\n",
    "add a skipped heading level": lambda text: text + "\n\n#### Too deep\n\nText.\n",
    "add a javascript link": lambda text: text + '\n\n<a href="javascript:alert(1)">x</a>\n',
    "stub the body": _stub,
    "change the title": lambda text: text.replace("title:", "title: Changed,", 1),
    "weight the quiz": lambda text: text.replace("type: quiz", "type: quiz\nweight: 3", 1),
    # Scenarios and reflections: a scored practice scenario needs a score on every ending; a new
    # choice on the last node (an ending there); a reflection losing its model answer.
    "weight the scenario": lambda text: text.replace("type: scenario", "type: scenario\nweight: 3", 1),
    "add a choice at the end": lambda text: text + "\n- An extra way {#extra-way} -> start\n  Back again.\n",
    "rename the model answer class": lambda text: text.replace("{.model-answer}", "{.answer}", 1),
    "break the front matter": lambda text: text.replace("---\n", "---\nnot yaml: [\n", 1),
    # The first page links media/figure.svg (see _with_figures): names that differ only in case
    # clash across pages, a rule of the whole course.
    "link a figure in another case": lambda text: text + "\n\n![A figure](../media/Figure.svg)\n",
}
_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'


def _with_figures(course: Path) -> None:
    """Two media files whose names differ only in case, the first linked from the first page."""
    (course / "media").mkdir(exist_ok=True)
    for name in ("figure.svg", "Figure.svg"):
        (course / "media" / name).write_text(_SVG, encoding="utf-8")
    first = _pages(course)[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\n![A figure](../media/figure.svg)\n", encoding="utf-8")


#: Broken fixtures whose errors all sit in one page: stubbing it gives a good state, and every
#: edit back towards the broken text is then answered by the page path.
PAGE_PATH_BROKEN = {"links", "media", "window-targets"}


def _pages(course: Path) -> list[Path]:
    return sorted(path for path in course.glob("*/*.md"))


def _assert_same_as_full_check(course: Path, snapshot, what: str) -> None:
    full = check_course(course, cache=RenderCache())
    assert snapshot.diagnostics == tuple(full.diagnostics), what
    assert snapshot.ok == full.ok, what
    if full.ok:  # a failed build keeps showing the last good course; a full check has none
        assert snapshot.course == full.course, what


def _states(original: str) -> list[str]:
    """The texts one page goes through: each edit and back, then the same from the stubbed page
    (a good state even in a broken fixture when this page held all its errors) and back."""
    stub = _stub(original)
    edits = [change(original) for change in EDITS.values()]
    states = [text for edited in edits for text in (edited, original)]
    states += [stub, original, stub] + [text for edited in edits for text in (edited, stub)]
    return states + [original]


@pytest.mark.parametrize("course_dir", COURSES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_edit_of_every_page_rebuilds_as_a_full_check_would(course_dir: Path, tmp_path: Path):
    course = Path(shutil.copytree(course_dir, tmp_path / course_dir.name))
    _with_figures(course)
    rebuilder = Rebuilder(course)
    last = rebuilder.full()
    paths: Counter[str] = Counter()
    for page in _pages(course):
        original = page.read_text(encoding="utf-8")
        for step, text in enumerate(_states(original)):
            page.write_text(text, encoding="utf-8")
            from_good = last.ok
            last = rebuilder.changed({page})
            paths[last.how, from_good] += 1
            _assert_same_as_full_check(course, last, f"{page.relative_to(course)}, state {step}")
    # Not vacuous: every fixture that reached a good state took the page path from it.
    assert paths["page", True] > 0 or not any(good for _, good in paths), paths
    assert paths["page", False] == 0, paths  # after errors, only a full check can say what holds
    if _translated(course_dir):  # every edit may make translated units stale: always the full check
        assert paths["page", True] == paths["page", False] == 0, paths
    elif course_dir.parent.name == "courses" or course_dir.name in PAGE_PATH_BROKEN:
        assert paths["page", True] > 0, paths


def _translated(course_dir: Path) -> bool:
    return (course_dir / "translations").is_dir()


def test_an_edit_of_a_translated_course_takes_the_full_check(tmp_path: Path):
    """The page path cannot see translated units going stale; a course with translations always
    takes the full check, which judges every language."""
    source = next(path for path in COURSES if _translated(path))
    course = Path(shutil.copytree(source, tmp_path / source.name))
    rebuilder = Rebuilder(course)
    assert rebuilder.full().ok
    page = _pages(course)[0]
    page.write_text(page.read_text(encoding="utf-8").replace("\n\n", "\n\nA new sentence.\n\n", 1), encoding="utf-8")
    snapshot = rebuilder.changed({page})
    assert snapshot.how == "full"
    assert any(d.code.startswith("translate.") for d in snapshot.diagnostics), snapshot.diagnostics


def test_a_page_that_changes_kind_takes_the_full_check(tmp_path: Path):
    """A lesson rewritten as a scenario (or back) changes what other pages' links and the course's
    completion rest on: the page path declines it."""
    course = Path(shutil.copytree(FIXTURES / "courses" / "activities-en", tmp_path / "course"))
    rebuilder = Rebuilder(course)
    assert rebuilder.full().ok
    lesson = course / "01-watch" / "01-meeting.md"
    lesson.write_text("---\ntitle: A review meeting\nid: meeting\ntype: scenario\n---\n" + _STUB_SCENARIO,
                      encoding="utf-8")
    snapshot = rebuilder.changed({lesson})
    assert snapshot.how == "full" and snapshot.ok, snapshot.diagnostics
    assert snapshot.course.page("meeting").kind == "scenario"
    _assert_same_as_full_check(course, snapshot, "lesson → scenario")


@pytest.mark.parametrize("page, old, new", [
    ("02-decide/01-late-report.md", "They come, but the evening is lost.", "They come; the evening is [lost](lesson:x)."),
    ("02-decide/03-your-review.md", "2. Was there a date for each action?", "2. Was there a *date*?"),
])
def test_an_edit_of_a_scenario_or_reflection_takes_the_page_path(tmp_path: Path, page: str, old: str, new: str):
    course = Path(shutil.copytree(FIXTURES / "courses" / "activities-en", tmp_path / "course"))
    rebuilder = Rebuilder(course)
    assert rebuilder.full().ok
    path = course / page
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    snapshot = rebuilder.changed({path})
    assert snapshot.how == "page"
    _assert_same_as_full_check(course, snapshot, page)
    path.write_text(path.read_text(encoding="utf-8").replace(new, old), encoding="utf-8")
    fixed = rebuilder.changed({path})
    _assert_same_as_full_check(course, fixed, page + " (back)")
