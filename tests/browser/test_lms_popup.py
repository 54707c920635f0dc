"""H-popup (ILIAS, SuccessFactors, Moodle "new window", Open edX popup): the LMS opens the SCO with
window.open, so no API is on the SCO's parent chain; it lives on the opener. The runtime must find
it (ADL: parent chain, then the opener and its parents), record progress, and terminate when the
learner closes the window."""

from __future__ import annotations

import pytest

from lms_harness import NAMES, TARGET, assert_one_session, calls, launch_popup, sets, stored

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("depth", [0, 1], ids=["sco-is-the-popup", "sco-framed-in-the-popup"])
@pytest.mark.parametrize("version", ["12", "2004"])
def test_sco_in_a_popup_finds_the_api_on_its_opener(page, lms_site, course_model, version, depth):
    course = course_model("basic-en")
    second = list(course.pages())[1]
    popup, frame = launch_popup(page, lms_site("basic-en", TARGET[version]), version, depth=depth)
    assert popup.evaluate("() => window.opener !== null && window.parent === window"), "not a real popup"
    assert not frame.evaluate("(name) => { for (let w = window; ; w = w.parent) { if (w[name]) return true;"
                              " if (w.parent === w) return false; } }", "API" if version == "12" else "API_1484_11"), \
        "the API is reachable through the parent chain, so the opener walk is not being tested"
    assert frame.locator("#cp-alert").inner_text() == "", "the player says it has no LMS connection"

    frame.locator(".cp-next").click()
    assert frame.locator("h1").inner_text() == second.title
    written = dict(sets(calls(page), version))
    assert written.get(NAMES[version]["location"]) == second.id, f"progress not recorded on the opener: {written}"

    popup.close()  # the learner closes the window: pagehide must terminate the session
    page.wait_for_function("(name) => window.lmsCalls.some(c => c.method === name)", arg=NAMES[version]["finish"])
    trace = calls(page)
    assert_one_session(trace, version)
    cmi = page.evaluate("() => lmsStored()")
    assert stored(cmi, version, "core.lesson_location", "location") == second.id
    assert stored(cmi, version, "suspend_data", "suspend_data").startswith("3!")
    assert stored(cmi, version, "core.exit", "exit") == "suspend"  # the course is not finished
