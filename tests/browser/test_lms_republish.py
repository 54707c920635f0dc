"""Republishing a course in use (issue 13): a learner completes module 1 and half of module 2 of
version 1; the course is edited (a typo fixed, a lesson added in the middle, two lessons swapped, a
question reworded, a question deleted, a new page whose short state key collides with an existing
page's); version 2 relaunched with the saved state keeps every visit, answer and score that still
exists, resumes on the same page and reports the same status. SCORM 1.2 and 2004 against
scorm-again (the test LMS), and the web target's localStorage."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from builder.build import build_course, check_course
from builder.runtime.keys import PAGE_WIDTH, _crc, base36, course_keys, read_ledger
from lms_harness import (TARGET, assert_one_session, calls, finish_course, launch, quiz_questions, status_of,
                         status_writes, take_quiz, walk_to)

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
FIXTURE = HERE.parent / "fixtures" / "courses" / "basic-en"
QUIZ = "02-practice/02-quiz.md"


def lesson(path: Path, ident: str, title: str, text: str) -> None:
    path.write_text(f"---\ntitle: {title}\nid: {ident}\n---\n\n{text}\n", encoding="utf-8")


def version_1(root: Path) -> Path:
    """basic-en with three lessons in module 1 and a lesson after the quiz in module 2."""
    course = root / "v1"
    shutil.copytree(FIXTURE, course)
    (course / "keys.lock").unlink(missing_ok=True)
    welcome = course / "01-welcome"
    (welcome / "01-first-lesson.md").rename(welcome / "10-first-lesson.md")
    lesson(welcome / "20-lesson-b.md", "lesson-b", "Lesson B", "The second lesson of the welcome.")
    lesson(welcome / "30-lesson-c.md", "lesson-c", "Lesson C", "The third lesson of the welcome.")
    lesson(course / "02-practice" / "03-lesson-d.md", "lesson-d", "Lesson D", "After the quiz.")
    return course


def colliding_id(taken: set[str]) -> str:
    """A new page ID whose short key is already some page's: it must not move that page's key."""
    for n in range(1_000_000):
        ident = f"late-addition-{n}"
        if base36(_crc(ident) % 36 ** PAGE_WIDTH, PAGE_WIDTH) in taken:
            return ident
    raise AssertionError("no colliding ID found")


def version_2(v1: Path, root: Path) -> tuple[Path, str]:
    course = root / "v2"
    shutil.copytree(v1, course)  # with the keys.lock the v1 build wrote
    welcome = course / "01-welcome"
    first = welcome / "10-first-lesson.md"
    first.write_text(first.read_text("utf-8").replace("This paragraph is the start", "This paragraph is the beginning"),
                     encoding="utf-8")  # the typo fix
    lesson(welcome / "15-new-lesson.md", "new-lesson", "A new lesson", "Added in the middle of module 1.")
    (welcome / "20-lesson-b.md").rename(welcome / "35-lesson-b.md")  # lessons B and C swapped
    quiz = course / QUIZ
    text = quiz.read_text("utf-8").replace("Which file describes the whole course?", "Which file describes a course?")
    start = text.index("## A lesson's title comes from its front matter.")
    text = text[:start] + text[text.index("## ", start + 3):]  # question q-title deleted
    quiz.write_text(text, encoding="utf-8")
    collider = colliding_id(set(read_ledger(v1).pages.values()))
    lesson(course / "02-practice" / "04-late.md", collider, "A late addition", "Its short key was taken.")
    return course, collider


@pytest.fixture
def versions(tmp_path):
    v1 = version_1(tmp_path)
    out1, out2 = tmp_path / "dist1", tmp_path / "dist2"
    result = build_course(v1, ["scorm12", "scorm2004", "web"], out1, record_keys=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    v2, collider = version_2(v1, tmp_path)
    result = build_course(v2, ["scorm12", "scorm2004", "web"], out2, record_keys=True)
    assert result.ok, [d.format() for d in result.diagnostics]
    return {"v1": (check_course(v1).course, out1), "v2": (check_course(v2).course, out2), "collider": collider}


def serve_package(root: Path, package: Path, folder: str = "sco") -> None:
    """Put `package` (zip or folder) at root/folder, replacing what was there."""
    shutil.rmtree(root / folder, ignore_errors=True)
    if package.is_dir():
        shutil.copytree(package, root / folder)
    else:
        with zipfile.ZipFile(package) as archive:
            archive.extractall(root / folder)


def forget_version_1(page) -> None:
    """Version 2 is served at version 1's URLs with the same fixed file dates (deterministic zips),
    so Chromium may answer from its cache with version 1's course.js: clear the cache, as an LMS's
    new upload would be fetched afresh."""
    session = page.context.new_cdp_session(page)
    session.send("Network.clearBrowserCache")
    session.detach()


def site(tmp_path: Path, static_server) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for name in ("lms.html", "lms.js", "wrap.html"):
        shutil.copy(HERE / name, root / name)
    os.symlink(HERE / "node_modules", root / "node_modules")
    return root


class Lms:
    """An LMS site serving one version of the course's SCORM package at a time."""

    def __init__(self, page, tmp_path: Path, static_server, version: str):
        self.page, self.version = page, version
        self.name = f"basic-en-en-{TARGET[version]}.zip"
        self.root = site(tmp_path, static_server)
        self.url = static_server(self.root).url + "/lms.html"

    def launch(self, out: Path, cmi: dict | None = None):
        """Serve the package built into `out` and launch it (resuming from `cmi` when given)."""
        serve_package(self.root, out / self.name)
        if cmi is not None:
            forget_version_1(self.page)
        return launch(self.page, self.url, self.version, cmi)


def learner_in_v1(frame, course) -> None:
    """Module 1 complete, module 2 half done: its first lesson read and its graded quiz passed."""
    quiz = course.graded_quizzes()[0]
    walk_to(frame, quiz.title)
    take_quiz(frame, quiz_questions(frame, course, quiz.id), rightly=True)


def state_of(frame) -> dict:
    return frame.evaluate("() => JSON.parse(JSON.stringify(Coursepack.current.state))")


def assert_kept(before: dict, after: dict, v2, collider: str, v1_course) -> None:
    quiz = v2.graded_quizzes()[0]
    v2_pages = {p.id for p in v2.pages()}
    assert set(after["visited"]) == set(before["visited"]) & v2_pages == set(before["visited"]), "a visit was lost"
    assert "new-lesson" not in after["visited"] and collider not in after["visited"]
    answers_before = before["quizzes"][quiz.id]["answers"]
    kept = {q.id for q in quiz.quiz.questions}
    assert after["quizzes"][quiz.id]["answers"] == {k: v for k, v in answers_before.items() if k in kept}
    assert "q-title" in answers_before and "q-title" not in after["quizzes"][quiz.id]["answers"]
    for name in ("best", "attempts"):
        assert after["quizzes"][quiz.id][name] == before["quizzes"][quiz.id][name]
    assert after["location"] == before["location"] == quiz.id
    assert after["notice"] is False, "a republished state is not damaged state"
    # No key of version 1 moved, although the new page's short key collided with one of them.
    old_keys, new_keys = course_keys(v1_course), course_keys(v2)
    assert all(new_keys.pages[p] == k for p, k in old_keys.pages.items())
    assert new_keys.pages[collider].startswith("~")


@pytest.mark.parametrize("version", ["12", "2004"])
def test_scorm_republish_keeps_progress(page, tmp_path, static_server, versions, version):
    (v1, out1), (v2, out2) = versions["v1"], versions["v2"]
    lms = Lms(page, tmp_path, static_server, version)

    frame = lms.launch(out1)
    learner_in_v1(frame, v1)
    before = state_of(frame)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    status_v1 = status_of(cmi, version)

    frame = lms.launch(out2, cmi)
    quiz = v2.graded_quizzes()[0]
    assert frame.locator("h1").inner_text() == quiz.title, "not resumed on the page the learner left"
    after = state_of(frame)
    assert_kept(before, after, v2, versions["collider"], v1)
    cmi2 = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert status_of(cmi2, version) == status_v1, "version 2 reported another status for the same progress"
    if version == "2004":
        assert cmi2["cmi"]["score"]["raw"] == cmi["cmi"]["score"]["raw"]


DONE = {"12": "passed", "2004": ("completed", "passed")}


@pytest.mark.parametrize("version", ["12", "2004"])
def test_a_learner_who_completed_version_1_stays_complete_in_version_2(page, tmp_path, static_server, versions,
                                                                        version):
    """Version 2 adds lessons the learner has not seen: the completion already reported stands."""
    (v1, out1), (_, out2) = versions["v1"], versions["v2"]
    lms = Lms(page, tmp_path, static_server, version)
    frame = lms.launch(out1)
    finish_course(frame, v1)
    cmi = page.evaluate("() => closeSco()")
    assert status_of(cmi, version) == DONE[version]
    frame = lms.launch(out2, cmi)
    assert "new-lesson" not in state_of(frame)["visited"]
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    assert status_of(cmi, version) == DONE[version]
    assert "incomplete" not in status_writes(trace, version), "version 2 set a complete learner back"


def test_web_republish_keeps_progress(page, tmp_path, static_server, versions):
    """The web package replaced on the same site (origin): localStorage carries the state over."""
    (v1, out1), (v2, out2) = versions["v1"], versions["v2"]
    root = tmp_path / "web"
    root.mkdir()
    serve_package(root, out1 / "basic-en-en-web", "v1")
    serve_package(root, out2 / "basic-en-en-web", "v2")  # another path: no cached version 1 file
    base = static_server(root).url
    ready = "() => !!(window.Coursepack && Coursepack.current)"
    page.set_default_timeout(5000)

    page.goto(base + "/v1/index.html")
    page.wait_for_function(ready)
    learner_in_v1(page, v1)
    before = state_of(page)
    saved = page.evaluate("() => localStorage.getItem(COURSEPACK_COURSE.storage_key)")
    assert saved.startswith("3!1.0.0!")

    page.goto(base + "/v2/index.html")
    page.wait_for_function(ready)
    assert page.evaluate("() => COURSEPACK_COURSE.pages.some(p => p.id === 'new-lesson')"), "still version 1"
    assert page.locator("h1").inner_text() == v2.graded_quizzes()[0].title
    assert_kept(before, state_of(page), v2, versions["collider"], v1)
    assert page.locator("#cp-alert").inner_text() == ""


def test_damaged_saved_state_keeps_what_it_can_and_says_so(page, tmp_path, static_server, versions):
    v2, out2 = versions["v2"]
    root = tmp_path / "web"
    root.mkdir()
    serve_package(root, out2 / "basic-en-en-web")
    (root / "blank.html").write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    data = json.loads((out2 / "basic-en-en-web" / "runtime" / "course.js").read_text("utf-8")
                      .split("=", 1)[1].rstrip().rstrip(";"))
    quiz = next(p for p in data["pages"] if p.get("quiz"))
    first = data["pages"][0]
    # the first page visited, a quiz attempted once with a best score of 2,866 % (stored as percent × 100)
    damaged = f"2!1.0.0!{quiz['k']}!{first['k']}!{quiz['k']}.1.{base36(286600)}.1.!0!."
    base = static_server(root).url
    page.set_default_timeout(5000)
    page.goto(base + "/blank.html")  # same origin, before the course has run: nothing overwrites it
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [data["storage_key"], damaged])
    page.goto(base + "/sco/index.html")
    page.wait_for_function("() => !!(window.Coursepack && Coursepack.current)")
    state = state_of(page)
    assert state["quizzes"][quiz["id"]]["best"] == 100 and state["visited"][0] == first["id"]
    assert page.locator("h1").inner_text() == quiz["title"]
    assert "could not be read" in page.locator("#cp-alert").inner_text()
