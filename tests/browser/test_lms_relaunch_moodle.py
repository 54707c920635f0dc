"""H-relaunch with Moodle's rules (mod_scorm): entry is "resume" only when the last session left
exit=suspend, otherwise ""; SCORM 1.2 packages also get Moodle's defaults of "not attempted →
completed on LMSFinish" and the mastery-score override (the manifest declares masteryscore 80).
The runtime documents exit=suspend while the course is incomplete and exit ""/"normal" once it is
complete; status is set explicitly so that neither Moodle rule changes it, and a relaunch after
completion still resumes from the runtime's own suspend_data without losing the passed status."""

from __future__ import annotations

import pytest

from lms_harness import (NAMES, TARGET, assert_one_session, calls, launch, quiz_questions, sets, stored, take_quiz,
                         walk_to)

pytestmark = pytest.mark.browser

MOODLE = {
    "12": {"settings": {"autoCompleteLessonStatus": True, "mastery_override": True},
           "data": {"student_data": {"mastery_score": "80"}}},
    "2004": {},
}
DONE_EXIT = {"12": "", "2004": "normal"}


def entry(page, version):
    return page.evaluate("(v) => v === '12' ? rawAPI.cmi.core.entry : rawAPI.cmi.entry", version)


def status(cmi, version):
    if version == "12":
        return stored(cmi, version, "core.lesson_status", "")
    return stored(cmi, version, "", "completion_status"), stored(cmi, version, "", "success_status")


@pytest.mark.parametrize("version", ["12", "2004"])
def test_suspend_while_incomplete_then_normal_exit_once_passed(page, lms_site, course_model, version):
    course = course_model("basic-en")
    quiz_page, second = course.graded_quizzes()[0], list(course.pages())[1]
    url, lms = lms_site("basic-en", TARGET[version]), MOODLE[version]

    # Session 1: one page read, window closed: suspended and explicitly incomplete.
    frame = launch(page, url, version, **lms)
    if version == "12":  # the profile really is on: otherwise "stays incomplete" proves nothing
        profile = page.evaluate("() => [rawAPI.settings.autoCompleteLessonStatus, rawAPI.cmi.student_data.mastery_score]")
        assert profile == [True, "80"]
    frame.locator(".cp-next").click()
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert stored(cmi, version, "core.exit", "exit") == "suspend"
    assert status(cmi, version) == ("incomplete" if version == "12" else ("incomplete", "unknown")), \
        "an unfinished course must stay incomplete, whatever the LMS does on finish"

    # Session 2: Moodle hands back entry=resume; the learner passes; exit is no longer suspend.
    frame = launch(page, url, version, cmi, **lms)
    assert entry(page, version) == "resume"
    assert frame.locator("h1").inner_text() == second.title
    walk_to(frame, quiz_page.title)
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=True)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert stored(cmi, version, "core.exit", "exit") == DONE_EXIT[version], "a finished course must not suspend"
    assert status(cmi, version) == ("passed" if version == "12" else ("completed", "passed"))

    # Session 3: entry is "" now, yet the learner sees the finished quiz, and nothing regresses.
    frame = launch(page, url, version, cmi, **lms)
    assert entry(page, version) == ""
    assert frame.locator("h1").inner_text() == quiz_page.title
    assert frame.locator(".cp-result").inner_text() != "", "the passed quiz's result is not shown on relaunch"
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    assert {v for k, v in sets(trace, version) if k == NAMES[version]["exit"]} == {DONE_EXIT[version]}
    assert status(cmi, version) == ("passed" if version == "12" else ("completed", "passed"))
    assert float(stored(cmi, version, "core.score.raw", "score.raw")) == 100
