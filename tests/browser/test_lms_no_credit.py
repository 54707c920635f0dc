"""A no-credit launch (SCORM 1.2 cmi.core.credit, 2004 cmi.credit = "no-credit"): the platform will
not credit results, and some store whatever the SCO sends over an earlier credited attempt's. The
runtime tells the learner, keeps saving progress and completion, and writes no score, no
passed/failed and no interactions."""

from __future__ import annotations

import re

import pytest

from lms_harness import TARGET, assert_one_session, calls, launch, quiz_questions, sets, take_quiz, walk_to

pytestmark = pytest.mark.browser

NO_CREDIT = {"12": {"core": {"credit": "no-credit"}}, "2004": {"credit": "no-credit"}}
RESULTS = {"12": r"cmi\.core\.score\..*|cmi\.interactions\..*",
           "2004": r"cmi\.(success_status|score\..*)|cmi\.interactions\..*"}
STATUS = {"12": "cmi.core.lesson_status", "2004": "cmi.completion_status"}


@pytest.mark.parametrize("version", ["12", "2004"])
def test_no_credit_launch_saves_progress_but_no_results(page, lms_site, course_model, version):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    frame = launch(page, lms_site("basic-en", TARGET[version]), version, data=NO_CREDIT[version])
    assert frame.evaluate("() => Coursepack.current.launch.credit") is False
    assert "do not count" in frame.locator("#cp-alert").inner_text()
    walk_to(frame, quiz_page.title)
    take_quiz(frame, quiz_questions(frame, course, quiz_page.id), rightly=True)
    page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    written = sets(trace, version)
    results = [(name, value) for name, value in written if re.fullmatch(RESULTS[version], name)]
    assert results == [], f"a no-credit launch sent results: {results}"
    statuses = {value for name, value in written if name == STATUS[version]}
    assert statuses and statuses <= {"incomplete", "completed"}, statuses
    assert any(name.endswith("suspend_data") for name, _ in written)
