"""The Open edX profile (openedx-scorm-xblock): H-noread + H-unset. GetValue answers "" with error 0
for the status, score, mode, entry and credit elements, and entry is never set. A relaunch with the
saved suspend_data must still come back to the same page with the same answers: the runtime resumes
from its own suspend_data, never from entry or from a status read back from the LMS."""

from __future__ import annotations

import pytest

from learner import answer, right_answer, wrong_answer
from lms_harness import NAMES, TARGET, assert_one_session, calls, launch, quiz_questions, stored, walk_to

pytestmark = pytest.mark.browser

NOREAD = {
    "12": ["cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max",
           "cmi.core.lesson_mode", "cmi.core.entry", "cmi.core.credit"],
    "2004": ["cmi.completion_status", "cmi.success_status", "cmi.score.raw", "cmi.score.scaled", "cmi.score.min",
             "cmi.score.max", "cmi.mode", "cmi.entry", "cmi.credit"],
}


def shown_answers(frame):
    return frame.evaluate("() => Coursepack.current.state.quizzes")


@pytest.mark.parametrize("version", ["12", "2004"])
def test_resumes_from_its_own_suspend_data_when_the_lms_reads_back_nothing(page, lms_site, course_model, version):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", TARGET[version])
    profile = {"noread": NOREAD[version], "entry": "never"}

    # Session 1: submit one wrong attempt, start a second one (a draft), close.
    frame = launch(page, url, version, **profile)
    walk_to(frame, quiz_page.title)
    questions = quiz_questions(frame, course, quiz_page.id)
    for n, q in enumerate(questions, 1):
        answer(frame, n, q, wrong_answer(q))
    frame.locator(".cp-submit").click()
    frame.locator(".cp-retry").click()
    answer(frame, 1, questions[0], right_answer(questions[0]))
    before = shown_answers(frame)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert stored(cmi, version, "core.entry", "entry") == "", "the Open edX profile must never set entry"

    # Session 2: entry, mode and status all read back as "" (error 0), yet the learner is back.
    frame = launch(page, url, version, cmi, **profile)
    hidden = [c["args"][0] for c in calls(page) if c["method"] == NAMES[version]["get"] and c["result"] == ""
              and c["args"][0] in NOREAD[version]]
    assert hidden, "the runtime read none of the hidden elements, so the profile proved nothing"
    assert frame.locator("h1").inner_text() == quiz_page.title, "did not resume to the page the learner left"
    assert shown_answers(frame) == before, "the quiz attempts and draft answers did not come back"
    assert frame.locator(".cp-submit").is_visible(), "the second attempt should still be open"
    assert frame.locator("#cp-alert").inner_text() == "", "a hidden lesson mode must read as normal, not browse"
    page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    status_sets = [c["args"] for c in trace
                   if c["method"] == NAMES[version]["set"] and c["args"][0] in NAMES[version]["status"]]
    assert status_sets, "the runtime must keep writing its status although it cannot read it back"
