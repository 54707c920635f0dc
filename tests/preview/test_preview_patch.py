"""The simulator's package after an edit is patched from the previous snapshot's (builder/preview/
patch.py): it must equal, byte for byte, what a fresh build of the edited course emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder import targets as registry
from builder.build import check_course
from builder.preview.rebuild import Rebuilder
from builder.runtime.bundle import COURSE_FILE, content_file
from sources import edit

BUNDLED = ("web", "scorm12", "scorm2004")
LESSON = Path("01-watch/01-meeting.md")
SCENARIO = Path("02-decide/02-warm-up.md")
QUIZ = Path("02-decide/05-check.md")


def add_page(course: Path) -> Path:
    path = course / "01-watch" / "09-added.md"
    path.write_text("---\ntitle: An added page\nid: added-page\n---\n\nA new lesson.\n", encoding="utf-8")
    return path


EDITS = {
    "lesson text": lambda course: edit(course / LESSON, "A review meeting in two seconds.",
                                       "A review meeting in two edited seconds.") or course / LESSON,
    "quiz answer": lambda course: edit(course / QUIZ, "- ( ) A longer description {#a}\n- (x) An owner",
                                       "- (x) A longer description {#a}\n- ( ) An owner") or course / QUIZ,
    "scenario node": lambda course: edit(course / SCENARIO, "Ten people are in the room",
                                         "Twelve people are in the room") or course / SCENARIO,
    "page title": lambda course: edit(course / LESSON, "title: A review meeting", "title: The review meeting")
    or course / LESSON,
    "adding a page": add_page,
    # Beyond the pages: the package's frame (manifest, launch pages) or every entry changes.
    "module title": lambda course: edit(course / "01-watch/module.yml", "title: Watch and listen",
                                        "title: Watch, then listen") or course / "01-watch/module.yml",
    "course pass mark": lambda course: edit(course / "course.yml", "pass_mark: 70", "pass_mark: 60")
    or course / "course.yml",
}
FULL = {"adding a page", "module title", "course pass mark"}  # edits that take a full check


def fresh_tree(course: Path, name: str) -> dict:
    """The target's tree from a build of the course from scratch (no render cache, no snapshot)."""
    checked = check_course(course)
    assert checked.ok, [d.format() for d in checked.diagnostics]
    return registry.get(name, checked.settings.get(name)).emit(checked.course).tree


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_patched_package_equals_a_fresh_emit(course_copy, kind):
    course = course_copy("activities-en")
    rebuilder = Rebuilder(course)
    before = rebuilder.full()
    old_trees = {name: before.tree(name) for name in BUNDLED}  # the simulator had them open
    path = EDITS[kind](course)
    snapshot = rebuilder.changed({path})
    assert snapshot.ok and snapshot.basis is before
    assert snapshot.how == ("full" if kind in FULL else "page")
    for name in BUNDLED:
        patched = snapshot.tree(name)
        assert patched is not old_trees[name]
        fresh = fresh_tree(course, name)
        assert sorted(patched) == sorted(fresh), name
        for file in fresh:
            assert patched[file] == fresh[file], f"{name}: {file} differs after a {kind} edit"


def trees_around_an_edit(course: Path, source: Path, target: str, old: str, new: str):
    """The target's package tree before and after one edit of `source`, patched by the preview."""
    rebuilder = Rebuilder(course)
    before = rebuilder.full().tree(target)
    edit(course / source, old, new)
    return before, rebuilder.changed({course / source}).tree(target)


def test_an_edit_reserialises_only_its_own_module(course_copy):
    """The other module's content script and course.js are the previous snapshot's very bytes."""
    old, new = trees_around_an_edit(course_copy("activities-en"), SCENARIO, "scorm2004",
                                    "Ten people are in the room", "Twelve people are in the room")
    assert new[content_file("decide")] != old[content_file("decide")]
    assert new[content_file("watch")] is old[content_file("watch")]
    assert new[COURSE_FILE] is old[COURSE_FILE]  # no title or key changed: the outline is kept
    assert new["imsmanifest.xml"] is old["imsmanifest.xml"]


def test_a_title_edit_remakes_the_outline(course_copy):
    old, new = trees_around_an_edit(course_copy("activities-en"), LESSON, "web",
                                    "title: A review meeting", "title: The review meeting")
    assert "The review meeting" in new[COURSE_FILE].decode()
    assert new[content_file("decide")] is old[content_file("decide")]


def test_the_next_edit_is_patched_past_the_unseen_full_check(course_copy):
    """The full check behind a page path makes a snapshot whose package nobody opened: the next
    edit's package is patched from the page path's (the one the simulator had open)."""
    course = course_copy("activities-en")
    rebuilder = Rebuilder(course)
    rebuilder.full().tree("scorm2004")
    edit(course / SCENARIO, "Ten people are in the room", "Twelve people are in the room")
    seen = rebuilder.changed({course / SCENARIO}).tree("scorm2004")
    rebuilder.full()  # the Verifier's check: the same result, so never published nor opened
    edit(course / SCENARIO, "Twelve people are in the room", "Nine people are in the room")
    snapshot = rebuilder.changed({course / SCENARIO})
    new = snapshot.tree("scorm2004")
    assert new[content_file("watch")] is seen[content_file("watch")]
    assert new == fresh_tree(course, "scorm2004")


def test_at_most_two_snapshots_are_kept_behind(course_copy):
    """Each snapshot links to at most two before it: older package trees can be freed."""
    course = course_copy("activities-en")
    rebuilder = Rebuilder(course)
    first = rebuilder.full()
    second = rebuilder.changed({course / LESSON})
    third = rebuilder.changed({course / LESSON})
    fourth = rebuilder.changed({course / LESSON})
    assert fourth.basis is third and third.basis is second and second.basis is None and first.basis is None
