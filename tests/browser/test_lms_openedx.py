"""The Open edX profile (openedx-scorm-xblock): H-noread + H-unset. GetValue answers "" with error 0
for the status, score, mode, entry and credit elements, and entry is never set. A relaunch with the
saved suspend_data must still come back to the same page with the same answers: the runtime resumes
from its own suspend_data, never from entry or from a status read back from the LMS."""

from __future__ import annotations

import pytest

from learner import answer, right_answer, submit, wrong_answer
from lms_harness import (NAMES, TARGET, assert_one_session, calls, finish_course, launch, open_from_toc, quiz_questions,
                         status_writes, stored, take_quiz, walk_to)

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
    submit(frame)
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


@pytest.mark.parametrize("version", ["12", "2004"])
def test_fail_then_pass_is_graded_once_the_course_rule_is_met(page, lms_site, course_model, version):
    """The XBlock's grade is 0 while the last success status it received is failed. A learner who
    fails the final once (attempts left), then passes it before opening every lesson, must not be
    left at grade 0: no failed is sent while attempts remain, and the pass is graded 100 %."""
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", TARGET[version])

    frame = launch(page, url, version, openedx=True)
    open_from_toc(frame, quiz_page.id)
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=False)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert "failed" not in status_writes(calls(page), version), "failed sent while 2 attempts remain"

    frame = launch(page, url, version, cmi, openedx=True)
    assert frame.locator("h1").inner_text() == quiz_page.title
    frame.locator(".cp-retry").click()
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=True)
    grades_after_pass = page.evaluate("() => window.lmsGrades")
    cmi = page.evaluate("() => closeSco()")
    block = cmi["openedx"]
    assert block["success"] != "failed", f"the block still holds failed: {block}"
    if version == "2004":  # success is reported apart from completion: graded at once
        assert grades_after_pass[-1] == 1
    else:  # one status field: passed waits for the last lesson (no grade yet, and never a 0)
        assert 0 not in grades_after_pass

    frame = launch(page, url, version, cmi, openedx=True)
    finish_course(frame, course)
    grades = page.evaluate("() => window.lmsGrades")
    page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert grades and grades[-1] == 1, f"grades published: {grades}"
