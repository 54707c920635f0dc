"""Moodle's SCORM 1.2 player (mod_scorm), strict profile (lms.js `moodle: true`): "not attempted" →
completed on LMSFinish; the manifest's adlcp:masteryscore rewrites the status from score.raw on
LMSFinish (also over incomplete); a lesson_status of completed, passed or failed ends the attempt,
so the next launch is in review mode and stores nothing. The runtime must therefore send
incomplete until the course's rule is met, failed only when no attempt is left, and no score a
mastery score could turn into a status against the rule (runtime README, "SCORM 1.2 status")."""

from __future__ import annotations

import pytest

from lms_harness import (assert_one_session, calls, finish_course, launch, open_from_toc, quiz_questions, sets,
                         status_of, status_writes, stored, take_quiz)

pytestmark = pytest.mark.browser

MOODLE = {"moodle": True}


def lesson_mode(page):
    return page.evaluate("() => rawAPI.cmi.core.lesson_mode")


def test_fail_then_pass_keeps_the_attempt_open_until_the_course_rule_is_met(page, lms_site, course_model):
    course = course_model("basic-en")  # visited-and-passed, final with 3 attempts
    quiz_page = course.graded_quizzes()[0]
    questions = lambda frame: quiz_questions(frame, course, quiz_page.id)  # noqa: E731
    url = lms_site("basic-en", "scorm12")

    # Session 1: first lesson, straight to the final, fail it (2 attempts left), close.
    frame = launch(page, url, "12", **MOODLE)
    assert page.evaluate("() => [rawAPI.settings.mastery_override, rawAPI.settings.autoCompleteLessonStatus]") == \
        [True, True], "the Moodle rules must be on, or nothing below proves anything"
    assert page.evaluate("() => rawAPI.cmi.student_data.mastery_score") == "", \
        "visited-and-passed: the manifest must not declare a mastery score"
    open_from_toc(frame, quiz_page.id)
    take_quiz(frame, questions(frame), rightly=False)
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, "12")
    assert set(status_writes(trace, "12")) == {"incomplete"}, "failed while attempts remain ends a Moodle attempt"
    assert status_of(cmi, "12") == "incomplete"
    assert not [n for n, _ in sets(trace, "12") if n.startswith("cmi.core.score.")], \
        "a provisional score below the mark must not be sent (a mastery score would turn it into failed)"

    # Session 2: still a normal attempt; try again and pass, one lesson still unvisited.
    frame = launch(page, url, "12", cmi, **MOODLE)
    assert lesson_mode(page) == "normal", "Moodle put the learner in review mode: the attempt was ended"
    assert frame.locator("h1").inner_text() == quiz_page.title
    frame.locator(".cp-retry").click()
    take_quiz(frame, questions(frame), rightly=True)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), "12")
    assert status_of(cmi, "12") == "incomplete", "passed before every lesson was opened: not complete yet"
    assert float(stored(cmi, "12", "core.score.raw", "")) == 100

    # Session 3: the last lesson: now the rule is met, and Moodle's "passed or completed" sees it.
    frame = launch(page, url, "12", cmi, **MOODLE)
    assert lesson_mode(page) == "normal"
    finish_course(frame, course)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), "12")
    assert status_of(cmi, "12") == "passed"


def test_failed_only_once_no_attempt_is_left_and_then_moodle_ends_the_attempt(page, lms_site, course_model):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", "scorm12")
    frame = launch(page, url, "12", **MOODLE)
    open_from_toc(frame, quiz_page.id)
    statuses = []
    for attempt in range(quiz_page.quiz.settings.attempts):
        if attempt:
            frame.locator(".cp-retry").click()
        take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=False)
        statuses.append(status_writes(calls(page), "12")[-1])
    assert statuses == ["incomplete", "incomplete", "failed"]
    cmi = page.evaluate("() => closeSco()")
    assert status_of(cmi, "12") == "failed"
    assert float(stored(cmi, "12", "core.score.raw", "")) < 80

    launch(page, url, "12", cmi, **MOODLE)
    assert lesson_mode(page) == "review", "the profile must end the attempt on failed"


def test_mastery_score_agrees_with_completion_passed(page, lms_site, course_model):
    """completion: passed declares the mastery score; Moodle applies it on every LMSFinish, and the
    status it computes must be the runtime's: incomplete after a failed try, passed after a pass."""
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", "scorm12", completion="passed")
    frame = launch(page, url, "12", **MOODLE)
    assert page.evaluate("() => rawAPI.cmi.student_data.mastery_score") == "80"
    open_from_toc(frame, quiz_page.id)
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=False)
    cmi = page.evaluate("() => closeSco()")
    assert status_of(cmi, "12") == "incomplete", "the mastery score rewrote a provisional score into failed"

    frame = launch(page, url, "12", cmi, **MOODLE)
    frame.locator(".cp-retry").click()
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=True)
    cmi = page.evaluate("() => closeSco()")
    assert status_of(cmi, "12") == "passed"
    assert float(stored(cmi, "12", "core.score.raw", "")) == 100


def test_completion_visited_sends_completed_once_every_lesson_is_open(page, lms_site, course_model):
    """1.2 has one status field: with completion "visited" the rule is met by visits alone, so the
    runtime writes completed (which Moodle's "completed" and "passed or completed" settings see)
    although the graded quiz was never passed."""
    course = course_model("basic-en")
    lessons = [p for p in course.pages() if p.id not in {q.id for q in course.graded_quizzes()}]
    frame = launch(page, lms_site("basic-en", "scorm12", completion="visited"), "12", **MOODLE)
    for lesson in lessons[1:]:
        open_from_toc(frame, lesson.id)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), "12")
    assert status_of(cmi, "12") == "completed"
    assert page.evaluate("() => rawAPI.cmi.student_data.mastery_score") == ""
