"""A quiz submitted with questions left blank: SCORM 2004 rejects an empty learner_response for
choice, true-false, matching and sequencing interactions (406, type mismatch), so the runtime
leaves learner_response out for an unanswered question and still records the interaction."""

from __future__ import annotations

import pytest

from learner import submit

from lms_harness import NAMES, TARGET, assert_one_session, calls, launch, open_from_toc, sets, stored

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("version", ["12", "2004"])
def test_blank_answers_produce_no_rejected_set(page, lms_site, course_model, version):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    frame = launch(page, lms_site("basic-en", TARGET[version]), version)
    open_from_toc(frame, quiz_page.id)
    submit(frame)  # nothing answered
    frame.locator(".cp-result p").first.wait_for()
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)  # every SetValue accepted
    refused = [c for c in trace if c["method"] == NAMES[version]["set"] and c["result"] != "true"]
    assert refused == []
    written = sets(trace, version)
    results = [n for n, _ in written if n.startswith("cmi.interactions.") and n.endswith(".result")]
    assert len(results) == len(quiz_page.quiz.questions), "every question must still be recorded"
    interactions = stored(cmi, version, "interactions", "interactions")
    items = interactions.values() if isinstance(interactions, dict) else interactions
    assert all(i["result"] in ("wrong", "incorrect") for i in items)
