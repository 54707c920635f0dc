"""The preview in Chromium, against a server the test starts on a temporary copy of a course:
an edit reloads the open page in place, a broken edit shows the overlay until it is fixed, the
LMS panel follows a scripted quiz in the real player, and reviewer mode shows the answer keys."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "browser"))
from learner import answer, right_answer  # noqa: E402  (the scripted learner of the runtime tests)
from sources import edit

SECOND = Path("02-practice/01-second-lesson.md")
QUIZ = Path("02-practice/02-quiz.md")


def open_preview(page, preview, version: str = "1.2"):
    page.set_default_timeout(10000)
    page.goto(preview.url)
    if version != "1.2":
        page.select_option("#api-version", version)
    frame = page.frame_locator("#course-frame")
    frame.locator("h1").first.wait_for()
    return frame


def go_to(frame, title: str) -> None:
    while frame.locator("h1").inner_text() != title:
        frame.locator(".cp-next").click()


def test_an_edit_reloads_the_page_and_keeps_the_learners_place(page, preview):
    frame = open_preview(page, preview)
    go_to(frame, "Before the quiz")
    edit(preview.course_dir / SECOND, "The quiz that follows", "Freshly edited: the quiz that follows")
    frame.get_by_text("Freshly edited").wait_for()
    assert frame.locator("h1").inner_text() == "Before the quiz"  # still on the same page
    assert re.match(r"Build \d+ ready", page.locator("#build-status").inner_text())


def test_a_broken_edit_shows_the_overlay_and_a_fix_clears_it(page, preview):
    frame = open_preview(page, preview)
    edit(preview.course_dir / QUIZ, "- (x) course.yml {#b}", "- ( ) course.yml {#b}")
    overlay = page.locator("#overlay")
    overlay.wait_for(state="visible")
    line = next(n for n, text in enumerate((preview.course_dir / QUIZ).read_text().splitlines(), 1)
                if "Which file describes" in text)
    assert re.search(rf"02-quiz\.md:{line}(:\d+)?: error: .+\[quiz\.", overlay.inner_text())
    assert frame.locator("h1").first.is_visible()  # the last good build is still underneath
    edit(preview.course_dir / QUIZ, "- ( ) course.yml {#b}", "- (x) course.yml {#b}")
    overlay.wait_for(state="hidden")
    assert "ready" in page.locator("#build-status").inner_text()


@pytest.mark.parametrize("version, passed", [("1.2", "passed"), ("2004", "completion completed, success passed")])
def test_the_panel_follows_a_scripted_quiz(page, preview, version, passed):
    frame = open_preview(page, preview, version)
    quiz_page = next(p for p in preview.state.snapshot.course.quizzes())
    go_to(frame, quiz_page.title)
    order = frame.locator("main").evaluate(
        "(_, id) => COURSEPACK_COURSE.pages.find(p => p.id === id).quiz.questions.map(q => q.id)", quiz_page.id)
    questions = [quiz_page.rendered.question(qid) for qid in order]
    for number, question in enumerate(questions, 1):
        answer(frame, number, question, right_answer(question))
    frame.locator(".cp-submit").click()
    status = page.locator("#cmi-status")
    page.wait_for_function("([s, want]) => document.querySelector(s).textContent === want", arg=["#cmi-status", passed])
    assert page.locator("#cmi-score").inner_text().startswith("100")
    assert page.locator("#interaction-count").inner_text() == str(len(questions))
    ids = page.locator("#interactions tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert all(any(q.id in i for i in ids) for q in questions)
    rejected = [line for line in page.locator("#calls li").all_inner_texts()
                if re.match(r"(LMS)?(SetValue|Commit|Initialize|Finish|Terminate)\(", line) and "→ \"false\"" in line]
    assert rejected == []  # the strict LMS accepted every value the player stored

    # Close and resume: the player exits with "suspend" even once the course is complete, so the
    # LMS resumes the same attempt and the learner keeps their status, in 1.2 and 2004 alike; only
    # "new attempt" starts afresh.
    page.click("#resume")
    page.wait_for_function("() => document.getElementById('phase').textContent === '(running)'")
    assert status.inner_text() == passed and page.locator("#attempt").inner_text() == "1"
    assert "starts a new attempt" not in page.locator("#calls").inner_text()
    page.click("#new-attempt")
    page.wait_for_function("() => document.getElementById('attempt').textContent === '2'")
    page.wait_for_function("() => document.getElementById('phase').textContent === '(running)'")
    assert status.inner_text() != passed


def test_reviewer_mode_shows_answer_keys(page, preview):
    frame = open_preview(page, preview)
    page.check("input[name=view][value=review]")
    frame.locator(".rv-banner").wait_for()
    frame.get_by_role("link", name="All pages").click()
    frame.get_by_role("link", name="Check your understanding").click()
    correct = frame.locator("[data-question=q-course-file] li.rv-correct")
    assert "course.yml" in correct.inner_text() and "correct" in correct.inner_text()
    edit(preview.course_dir / QUIZ, "> [!hint] It is at the top", "> [!hint] Look at the top")
    frame.get_by_text("Look at the top").wait_for()  # reviewer pages reload in place too
