"""Decision scenarios and reflections in a SCORM 1.2 and a SCORM 2004 package inside the test LMS
(scorm-again, strict): a scenario played to two different endings, two reflections written, the
SCO closed and relaunched (path and texts restored), the interactions read back from the LMS,
and a `save: device` reflection that never reaches the platform."""

from __future__ import annotations

import pytest

from learner import ending_paths, play, plain
from lms_harness import TARGET, assert_one_session, calls, launch, node, open_from_toc, sets, stored

pytestmark = pytest.mark.browser

COURSE = "activities-en"
KEPT = "Next week I bring the action log; owners get a date! * ' . ; 3/4"  # the state's own separators too
PRIVATE = "Our chair never lets anyone speak: nobody outside this device may read this."


def interactions(cmi: dict) -> list[dict]:
    table = node(cmi).get("interactions", {})
    return [table[k] for k in sorted(table, key=int)] if isinstance(table, dict) else list(table)


def write(frame, page_id: str, text: str) -> None:
    open_from_toc(frame, page_id)
    frame.locator("textarea").fill(text)


@pytest.mark.parametrize("version", ["12", "2004"])
def test_scenario_and_reflections_close_relaunch_and_report(page, lms_site, course_model, version):
    course = course_model(COURSE)
    scenario, kept, private = course.page("late-report"), course.page("next-step"), course.page("your-review")
    assert (kept.save, private.save) == ("lms", "device")
    paths = ending_paths(scenario)
    best, worst = max(paths, key=lambda e: scenario.node(e).score), min(paths, key=lambda e: scenario.node(e).score)
    url = lms_site(COURSE, TARGET[version])

    # Session 1: two endings, then both reflections written.
    frame = launch(page, url, version)
    open_from_toc(frame, scenario.id)
    play(frame, scenario, paths[best])
    assert frame.locator(".cp-ending h2").inner_text() == scenario.node(best).title
    frame.locator(".cp-ending .cp-retry").click()
    play(frame, scenario, paths[worst])
    assert frame.locator(".cp-ending h2").inner_text() == scenario.node(worst).title
    write(frame, kept.id, KEPT)
    write(frame, private.id, PRIVATE)
    cmi = page.evaluate("() => closeSco()")
    trace = calls(page)
    assert_one_session(trace, version)
    assert not [name for name, value in sets(trace, version) if PRIVATE in value], "a save: device text reached the LMS"
    assert KEPT in stored(cmi, version, "suspend_data", "suspend_data")

    # The LMS's side: one interaction per ending reached, the path as the standard allows.
    played = interactions(cmi)
    assert [i["id"] for i in played] == [f"{scenario.id}.{best}.n0", f"{scenario.id}.{worst}.n1"]
    for record, ending in zip(played, (best, worst)):
        steps = paths[ending]
        passed = scenario.node(ending).score >= scenario.pass_mark
        assert str(record["weighting"]) in ("1", "1.0")
        if version == "12":
            letters = [_letter(scenario, c) for c in steps]
            assert (record["type"], record["student_response"]) == ("choice", ",".join(letters))
            assert record["result"] == ("correct" if passed else "wrong")
        else:
            assert (record["type"], record["learner_response"]) == ("other", ",".join(steps))
            assert record["result"] == ("correct" if passed else "incorrect")
            assert record["description"] == scenario.title
    if version == "2004":  # a weighted scenario counts like a graded quiz: its best ending is in the score
        weights = {p.id: p.weight for p in course.graded_activities()}
        expected = 100 * weights[scenario.id] / sum(weights.values())
        assert float(stored(cmi, version, "", "score.raw")) == pytest.approx(expected, abs=0.01)

    # Session 2: back on the last page (the private reflection, kept by this browser), the
    # scenario at the ending reached with its path, the kept text restored.
    frame = launch(page, url, version, cmi)
    assert frame.locator("h1").inner_text() == private.title
    assert frame.locator("textarea").input_value() == PRIVATE
    open_from_toc(frame, scenario.id)
    assert frame.locator(".cp-ending h2").inner_text() == scenario.node(worst).title
    by_id = {c.id: c for n in scenario.nodes for c in n.choices}
    assert frame.locator(".cp-path li").all_inner_texts() == [plain(by_id[c].html) for c in paths[worst]]
    open_from_toc(frame, kept.id)
    assert frame.locator("textarea").input_value() == KEPT
    frame.evaluate("() => localStorage.clear()")  # another device: only what the LMS kept comes back
    cmi = page.evaluate("() => closeSco()")
    assert_one_session(calls(page), version)

    # Session 3 on "another device": the save: lms text follows the learner, the private one does not.
    frame = launch(page, url, version, cmi)
    open_from_toc(frame, kept.id)
    assert frame.locator("textarea").input_value() == KEPT
    open_from_toc(frame, private.id)
    assert frame.locator("textarea").input_value() == ""
    page.evaluate("() => closeSco()")
    assert not [c for c in calls(page) if any(PRIVATE in str(a) for a in c["args"])]


def _letter(scenario, choice_id: str) -> str:
    for n in scenario.nodes:
        ids = [c.id for c in n.choices]
        if choice_id in ids:
            return "abcd"[ids.index(choice_id)]
    raise KeyError(choice_id)
