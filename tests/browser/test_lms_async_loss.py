"""H-asyncloss (Open edX's XBlock): Commit and Terminate flush nothing, each SetValue travels in an
async queue, and whatever was set in the last 200 ms before the window closes never arrives. A
learner who submits a quiz, reads the result, moves on and closes the window must still find the
quiz result stored: the runtime writes at submission and on page change, not only at unload."""

from __future__ import annotations

import pytest

from lms_harness import NAMES, TARGET, calls, launch, node, quiz_questions, stored, take_quiz, walk_to

pytestmark = pytest.mark.browser
LOSS_MS = 200


@pytest.mark.parametrize("version", ["12", "2004"])
def test_quiz_result_survives_when_the_last_writes_are_lost(page, lms_site, course_model, version):
    course = course_model("basic-en")
    quiz_page = course.graded_quizzes()[0]
    url = lms_site("basic-en", TARGET[version])

    frame = launch(page, url, version, asyncLoss=LOSS_MS)
    walk_to(frame, quiz_page.title)
    questions = quiz_questions(frame, course, quiz_page.id)
    take_quiz(frame, questions, rightly=True)
    page.wait_for_timeout(2 * LOSS_MS)  # the learner reads the result
    frame.locator(".cp-prev").click()  # moves on, and at once closes the window
    cmi = page.evaluate("() => closeSco()")
    dropped = page.evaluate("() => lmsDropped")
    assert NAMES[version]["exit"] in dropped, f"the simulated loss dropped nothing of the unload writes: {dropped}"
    assert any(c["method"] == NAMES[version]["finish"] for c in calls(page)), "the SCO did not terminate"

    if version == "12":
        assert stored(cmi, version, "core.lesson_status", "") == "passed"
        assert str(stored(cmi, version, "core.score.raw", "")) == "100"
        assert str(stored(cmi, version, "core.score.max", "")) == "100"
    else:
        assert stored(cmi, version, "", "completion_status") == "completed"
        assert stored(cmi, version, "", "success_status") == "passed"
        assert float(stored(cmi, version, "", "score.scaled")) == 1
    interactions = node(cmi)["interactions"]
    items = list(interactions.values()) if isinstance(interactions, dict) else interactions
    assert [i["result"] for i in items if i.get("id")] == ["correct"] * len(questions), \
        "the quiz's interactions did not reach the platform"

    # What reached the platform is enough to resume: the quiz shows as submitted with its best score.
    frame = launch(page, url, version, cmi)
    state = frame.evaluate("(id) => Coursepack.current.state.quizzes[id]", quiz_page.id)
    assert state["attempts"] == 1 and state["best"] == 100 and state["submitted"], state


@pytest.mark.parametrize("version", ["12", "2004"])
def test_an_unfinished_session_is_suspended_although_the_unload_writes_are_lost(page, lms_site, version):
    """exit=suspend must reach the platform before pagehide too: an LMS that applies the 2004 attempt
    rule (exit other than suspend ends the attempt, the next launch starts afresh) would otherwise
    throw the learner's progress away, and a 1.2 LMS would hand back entry="" instead of "resume"."""
    url = lms_site("basic-en", TARGET[version])
    frame = launch(page, url, version, asyncLoss=LOSS_MS)
    frame.locator(".cp-next").click()
    page.wait_for_timeout(2 * LOSS_MS)  # the learner reads, then closes the window
    cmi = page.evaluate("() => closeSco()")
    assert stored(cmi, version, "core.exit", "exit") == "suspend", \
        "exit=suspend was only written in the unload handler, and the async queue lost it"
    frame = launch(page, url, version, cmi)
    assert page.evaluate("(v) => v === '12' ? rawAPI.cmi.core.entry : rawAPI.cmi.entry", version) == "resume"
