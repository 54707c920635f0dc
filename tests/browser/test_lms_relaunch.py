"""A learner who has completed the course and opens it again keeps their status, under every
platform profile (LMS-BEHAVIOUR.md H-relaunch):
- spec: strict SCORM 1.2 / reference SCORM 2004: a session that did not exit with "suspend" ended
  the attempt, and the next launch is a new, empty attempt;
- moodle (1.2): a completed/passed/failed status ends the attempt; the next launch is review;
- openedx: entry never set, status and mode not readable;
- scorm-again as it is (resumes whatever the exit).
The runtime exits with "suspend" also once complete, and resumes from its own suspend_data."""

from __future__ import annotations

import pytest

from lms_harness import TARGET, assert_one_session, calls, finish_course, launch, status_of, status_writes, stored

pytestmark = pytest.mark.browser

DONE = {"12": "passed", "2004": ("completed", "passed")}
PROFILES = [("12", {}), ("2004", {}), ("12", {"relaunch": "spec"}), ("2004", {"relaunch": "spec"}),
            ("12", {"moodle": True}), ("12", {"openedx": True}), ("2004", {"openedx": True})]


@pytest.mark.parametrize("version,profile", PROFILES,
                         ids=lambda p: p if isinstance(p, str) else next(iter(p), "scorm-again"))
def test_a_completed_learner_who_relaunches_keeps_the_status(page, lms_site, course_model, version, profile):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", TARGET[version])

    frame = launch(page, url, version, **profile)
    finish_course(frame, course)
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)
    assert status_of(cmi, version) == DONE[version]
    assert stored(cmi, version, "core.exit", "exit") == "suspend"

    frame = launch(page, url, version, cmi, **profile)
    assert frame.locator("h1").inner_text() == list(course.pages())[-1].title, "not back where the learner left"
    assert frame.evaluate("(id) => Coursepack.current.state.quizzes[id].best", quiz_page.id) == 100, \
        "the relaunch started from an empty state: the platform began a new attempt"
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    assert status_of(cmi, version) == DONE[version]
    assert float(stored(cmi, version, "core.score.raw", "score.raw")) == 100
    assert set(status_writes(trace, version)) <= {"passed", "completed"}, "the relaunch wrote a lesser status"
