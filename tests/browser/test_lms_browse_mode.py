"""Browse and review launches (SCORM 1.2 cmi.core.lesson_mode, 2004 cmi.mode): the learner looks
without credit, so the runtime must leave the status and score the platform already holds alone:
no SetValue of any status or score element (not even 1.2's "browsed", which would overwrite a
completed status on platforms that store what the SCO sends), no interactions, and still exactly
one Initialize and one Terminate/LMSFinish."""

from __future__ import annotations

import re

import pytest

from lms_harness import (TARGET, assert_one_session, calls, launch, quiz_questions, sets, stored, take_quiz,
                         walk_to)

pytestmark = pytest.mark.browser

EARLIER = {  # what an earlier, credited attempt left on the platform
    "12": {"core": {"lesson_status": "failed", "score": {"raw": "40", "min": "0", "max": "100"}}},
    "2004": {"completion_status": "completed", "success_status": "failed",
             "score": {"raw": "40", "min": "0", "max": "100", "scaled": "0.4"}},
}
GUARDED = {"12": r"cmi\.core\.(lesson_status|score\..*)|cmi\.interactions\..*",
           "2004": r"cmi\.(completion_status|success_status|progress_measure|score\..*)|cmi\.interactions\..*"}


@pytest.mark.parametrize("version,mode", [("12", "browse"), ("2004", "browse"), ("2004", "review")])
def test_no_status_or_score_is_written_without_credit(page, lms_site, course_model, version, mode):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    frame = launch(page, lms_site("basic-en", TARGET[version]), version, mode=mode, data=EARLIER[version])
    assert frame.evaluate("() => Coursepack.current.mode") == mode
    assert frame.locator("#cp-alert").inner_text() != "", "the learner is not told that nothing is recorded"
    walk_to(frame, quiz_page.title)
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=True)  # would pass
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    written = [(name, value) for name, value in sets(trace, version) if re.fullmatch(GUARDED[version], name)]
    assert written == [], f"{mode} mode changed what the platform records: {written}"
    if version == "12":
        assert stored(cmi, version, "core.lesson_status", "") == "failed"
        assert str(stored(cmi, version, "core.score.raw", "")) == "40"
    else:
        assert (stored(cmi, version, "", "completion_status"), stored(cmi, version, "", "success_status")) == \
            ("completed", "failed")
        assert float(stored(cmi, version, "", "score.raw")) == 40
